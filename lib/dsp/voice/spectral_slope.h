// seremotion: the slope of the log power spectrum within a band, as eGeMAPS computes it.
#pragma once

namespace ser::dsp::voice {

// Spectral slope of a band in dB per Hz (eGeMAPS "slope0-500" and "slope500-1500"; Eyben et al.,
// IEEE TAC 2016: "linear regression slope of the logarithmic power spectrum within the given
// band"), over the bins lo_hz <= f_k <= hi_hz of a power spectrum with bins bin_hz apart, with
// y_k = 10 log10(max(|X(k)|^2, 1e-14)) (the floor: -140 dB, openSMILE's):
//   slope = (N sum f_k y_k - sum f_k sum y_k) / (N sum f_k^2 - (sum f_k)^2),
// where openSMILE's output has N = (number of bins) - 1 rather than the number of bins, which this
// follows; with it a flat spectrum at level c has slope -c sum f_k / denominator rather than 0
// (docs/features.md). 0 when the band holds fewer than 3 bins.
double spectral_slope(const float* power, int n_bins, double bin_hz, double lo_hz, double hi_hz);

}  // namespace ser::dsp::voice
