// seremotion: the Hammarberg index, a spectral balance parameter of eGeMAPS.
#pragma once

#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

// eGeMAPS' bands: below 2000 Hz against 2000 Hz to 5 kHz.
inline constexpr SplitBands kHammarbergBands{2000.0, 5000.0};

// Hammarberg index in dB (Hammarberg et al., "Perceptual and acoustic correlates of abnormal voice
// qualities", Acta Otolaryngologica 90, 1980; Eyben et al., IEEE TAC 2016): the strongest bin
// below 2 kHz over the strongest from 2 to 5 kHz, of a power spectrum with bins bin_hz apart:
//   H = 10 log10( max_{f_k < 2000} |X(k)|^2 / max_{2000 <= f_k <= 5000} |X(k)|^2 ).
// 0 when either maximum is 0 (digital silence).
double hammarberg_index(const float* power, int n_bins, double bin_hz, const SplitBands& bands = kHammarbergBands);

}  // namespace ser::dsp::voice
