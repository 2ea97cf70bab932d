// seremotion: which FFT bins a frequency band of the eGeMAPS spectral descriptors covers.
#pragma once

#include <algorithm>
#include <cmath>

#include "common/require.h"

namespace ser::dsp::voice {

// Two adjacent bands, [0, split_hz) and [split_hz, upper_hz], as the alpha ratio and the
// Hammarberg index compare them.
struct SplitBands {
  double split_hz = 1000.0;  // the lower band ends below it, the upper starts at it; > 0
  double upper_hz = 5000.0;  // the upper band ends at it (inclusive); > split_hz
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

inline void SplitBands::validate() const {
  require_parameter(split_hz > 0, "SplitBands", "split_hz", "> 0 Hz", split_hz);
  require_parameter(upper_hz > split_hz, "SplitBands", "upper_hz", "> split_hz", upper_hz);
}

// The bins k of a spectrum of n_bins bins, bin_hz apart (f_k = k bin_hz), with f_k >= hz: the
// first such bin (n_bins when none). A frequency that falls on a bin counts as reaching it.
inline int first_bin_from(double hz, double bin_hz, int n_bins) {
  return std::clamp(static_cast<int>(std::ceil(hz / bin_hz - 1e-9)), 0, n_bins);
}
// One past the last bin with f_k <= hz.
inline int end_bin_through(double hz, double bin_hz, int n_bins) {
  return std::clamp(static_cast<int>(std::floor(hz / bin_hz + 1e-9)) + 1, 0, n_bins);
}

}  // namespace ser::dsp::voice
