// seremotionscope: when video frames fall, following the time of the audio they are drawn from.
//
// Frame n of a run is at base + n / framerate, base being the time of the first audio after a
// reset, so frame times never drift. Audio that reaches time `end` makes every frame before `end`
// due. When the audio jumps ahead by more than a frame (a gap in a live stream), the frames in
// between are skipped rather than drawn all at once; when it goes back (a new segment), the run
// starts again from the new time.
#pragma once

#include <gst/gst.h>

namespace ser::element {

class FrameClock {
 public:
  // Frames at fps_n / fps_d per second (both > 0); starts a new run.
  void configure(int fps_n, int fps_d);
  // The next audio starts a new run.
  void reset() { base_ = GST_CLOCK_TIME_NONE; }

  GstClockTime frame_duration() const { return frame_time(1) - frame_time(0); }

  // Calls draw(pts) for each frame due now that the audio covers [start, end), in order.
  template <typename Draw>
  void advance(GstClockTime start, GstClockTime end, Draw&& draw) {
    align(start);
    for (GstClockTime t = frame_time(next_); t < end; t = frame_time(next_)) {
      ++next_;
      draw(t);
    }
  }

 private:
  GstClockTime frame_time(guint64 n) const;
  void align(GstClockTime start);

  int fps_n_ = 30;
  int fps_d_ = 1;
  GstClockTime base_ = GST_CLOCK_TIME_NONE;
  guint64 next_ = 0;  // index of the next frame to draw
};

}  // namespace ser::element
