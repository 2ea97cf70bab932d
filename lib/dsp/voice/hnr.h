// seremotion: the harmonics-to-noise ratio from the autocorrelation, as eGeMAPS computes it.
#pragma once

#include "dsp/fft.h"

namespace ser::dsp::voice {

// Parameters of the HNR; the default is eGeMAPS'.
struct HnrParams {
  double search_range = 0.1;  // the peak is sought within (1 +- search_range) T0, in (0, 0.5)
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// Harmonics-to-noise ratio in dB (eGeMAPS "HNRdBACF"; Boersma, "Accurate short-term analysis of the
// fundamental frequency and the harmonics-to-noise ratio of a sampled sound", IFA Proceedings 17,
// 1993; Eyben et al., IEEE TAC 2016): with the autocorrelation r of the frame, obtained as the
// inverse FFT of its power spectrum |X(k)|^2, and T0 the pitch period in samples,
//   rho = max_{floor((1 - s) T0) <= l <= ceil((1 + s) T0)} r(l) / r(0),  s = search_range,
//   HNR = 10 log10(rho / (1 - rho)),  rho clamped to [1e-10, 1 - 1e-10]  (-100 .. +100 dB).
// In eGeMAPS the frame is the pitch frame (60 ms, Gaussian window). The inverse FFT plan is made
// once. Not thread-safe: use one per thread.
class HnrAcf {
 public:
  explicit HnrAcf(int n_fft, const HnrParams& params = {});
  int n_fft() const { return fft_.size(); }

  // `power` holds n_fft/2 + 1 values; period_samples in [2, n_fft/2). Returns 0 (dB, no
  // information) when the frame has no energy.
  double compute(const float* power, double period_samples);

 private:
  HnrParams params_;
  RealFft fft_;
};

}  // namespace ser::dsp::voice
