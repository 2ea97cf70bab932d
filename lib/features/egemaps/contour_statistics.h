// seremotion: the statistics eGeMAPS takes over a contour of frame values (its functionals).
#pragma once

#include <cstddef>
#include <vector>

#include "common/span.h"

namespace ser::features {

// Arithmetic mean and coefficient of variation (openSMILE's amean and stddevNorm):
//   mean = sum x / n,  cv = sqrt(sum (x - mean)^2 / n) / mean  (signed: a negative mean gives a
//   negative cv). Both 0 for an empty contour; cv 0 when the mean is 0.
struct MeanCv {
  double mean = 0.0;
  double cv = 0.0;
};
MeanCv mean_cv(FloatSpan x);

// The p-th quantile (p in [0, 1]) of x with linear interpolation between the sorted values at
// positions floor(p (n - 1)) and the next (openSMILE's percentile with interp=1; numpy's default).
// `sorted` must be sorted ascending; 0 when empty.
double percentile_sorted(const std::vector<float>& sorted, double p);

// Rising and falling slopes of a contour sampled every dt seconds (openSMILE's Peaks2
// meanRisingSlope ... stddevFallingSlope, in units of x per second). Peaks and valleys are the
// turning points of a hysteresis of delta = 0.1 (max x - min x) (Billauer's peakdet: a maximum
// counts once the contour has fallen delta below it, a minimum once it has risen delta above it);
// the contour's first frame is the valley before the first peak, and the lowest point after the
// last peak the valley after it. Rising slopes run from each valley to the next peak, falling slopes from
// each peak to the next valley: |difference| / time. Mean and (population) standard deviation of
// each; 0 when there is none. The peaks are openSMILE's exactly (loudnessPeaksPerSec agrees on
// every golden file); its slopes are close but not equal (docs/features.md).
struct SlopeStats {
  double mean_rising = 0.0, stddev_rising = 0.0;
  double mean_falling = 0.0, stddev_falling = 0.0;
  size_t peaks = 0;
};
SlopeStats slope_stats(FloatSpan x, double dt);

// Lengths of runs of frames with flag == value, after bridging gaps: a run of the other value no
// longer than `bridge` frames between two runs of `value` joins them. Runs shorter than min_length
// frames are dropped. Returns the run lengths in frames.
std::vector<size_t> segment_lengths(const std::vector<unsigned char>& flags, bool value, size_t bridge,
                                    size_t min_length);

}  // namespace ser::features
