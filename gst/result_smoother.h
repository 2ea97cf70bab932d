// seremotion element: the exponential moving average behind a result's smoothed-* fields.
//
// Each classified window moves the average towards its probabilities by
//   alpha = 1 - exp(-dt / tau),
// dt being the time from the previous classified window's start to its own (so a dropped or held
// window in between simply lengthens dt). Windows the network did not hear (silence, no-speech)
// leave the average alone and keep their raw fields. The first classified window, one that starts
// no later than the previous one (the windowing was reset) and every window while tau is 0 start
// the average afresh. Not thread-safe: the element calls it under its results lock, in delivery
// order.
#pragma once

#include <gst/gst.h>

#include <vector>

#include "window_analysis.h"

namespace ser::element {

class ResultSmoother {
 public:
  // Sets r's smoothed-* fields; tau in ns, 0: no smoothing (they equal the raw fields).
  void apply(WindowResult& r, GstClockTime tau);
  void reset();

 private:
  std::vector<double> average_;
  GstClockTime last_offset_ = GST_CLOCK_TIME_NONE;
};

}  // namespace ser::element
