#include "frame_clock.h"

namespace ser::element {

void FrameClock::configure(int fps_n, int fps_d) {
  fps_n_ = fps_n;
  fps_d_ = fps_d;
  reset();
}

GstClockTime FrameClock::frame_time(guint64 n) const {
  const GstClockTime base = GST_CLOCK_TIME_IS_VALID(base_) ? base_ : 0;
  return base + gst_util_uint64_scale(n, static_cast<guint64>(fps_d_) * GST_SECOND, static_cast<guint64>(fps_n_));
}

void FrameClock::align(GstClockTime start) {
  if (!GST_CLOCK_TIME_IS_VALID(base_)) {
    base_ = start;
    next_ = 0;
    return;
  }
  const GstClockTime last_drawn = next_ > 0 ? frame_time(next_ - 1) : base_;
  if (start + frame_duration() < last_drawn) {  // back in time by more than a frame
    base_ = start;
    next_ = 0;
    return;
  }
  if (start > frame_time(next_) + frame_duration()) {
    // Skip to the first frame at or after `start`.
    next_ = gst_util_uint64_scale_ceil(start - base_, static_cast<guint64>(fps_n_),
                                       static_cast<guint64>(fps_d_) * GST_SECOND);
  }
}

}  // namespace ser::element
