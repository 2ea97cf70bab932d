// seremotion: the spectral flux between consecutive frames, as eGeMAPS computes it.
#pragma once

namespace ser::dsp::voice {

// The band of the spectral flux; the default is eGeMAPS'.
struct SpectralFluxParams {
  double max_hz = 5000.0;  // bins below it count; > 0
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// Spectral flux (Eyben et al., IEEE TAC 2016: "difference of the spectra of two consecutive
// frames"), from the magnitude spectra |X_t(k)| of this and the previous frame, over the bins
// below 5 kHz, bin_hz apart:
//   flux = sqrt( sum_{f_k < 5000} (|X_t(k)| - |X_{t-1}(k)|)^2 / K ),  K = the number of those bins
// (the root mean square of the difference, which is what openSMILE's eGeMAPS output holds). The
// first frame has no predecessor: pass previous = nullptr, flux 0.
double spectral_flux(const float* magnitude, const float* previous, int n_bins, double bin_hz,
                     const SpectralFluxParams& params = {});

}  // namespace ser::dsp::voice
