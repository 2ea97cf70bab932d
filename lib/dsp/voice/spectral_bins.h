// seremotion: which FFT bins a frequency band of the eGeMAPS spectral descriptors covers.
#pragma once

#include <algorithm>
#include <cmath>

namespace ser::dsp::voice {

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
