// seremotion: the alpha ratio, a spectral balance parameter of eGeMAPS.
#pragma once

#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

// eGeMAPS' bands: below 1000 Hz against 1000 Hz to 5 kHz.
inline constexpr SplitBands kAlphaRatioBands{1000.0, 5000.0};

// Alpha ratio in dB (Eyben et al., IEEE TAC 2016; Patel et al. 2010): the energy from 1 to 5 kHz
// over the energy below 1 kHz, of a power spectrum |X(k)|^2 with bins bin_hz apart:
//   alpha = 10 log10( sum_{1000 <= f_k <= 5000} |X(k)|^2 / sum_{f_k < 1000} |X(k)|^2 ).
// The paper names the lower band 50 Hz - 1 kHz; openSMILE's output, which this follows, includes
// the bins below 50 Hz. 0 when either band has no energy (digital silence). Bands past the Nyquist
// frequency are cut there.
double alpha_ratio(const float* power, int n_bins, double bin_hz, const SplitBands& bands = kAlphaRatioBands);

}  // namespace ser::dsp::voice
