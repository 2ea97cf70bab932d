// seremotion: stationary noise taken out of a span before its features.
//
// Additive noise moves eGeMAPS's voice-quality and spectral-balance parameters (harmonics-to-noise
// ratio, jitter and shimmer, alpha ratio, Hammarberg index, slopes) the way an aroused or fearful
// voice does: measured on a corpus no model heard, white or pink noise 13 dB under the speech sent
// about half of the files to `fearful` (docs/results.md, "The channel a user's audio went
// through"). A short-time spectral gain takes the stationary part of that noise out first:
//   - the noise power of each frequency bin: a low quantile of the bin's power over the span's
//     frames, scaled to the mean of a bin of noise alone (Stahl, Fischer and Bippus, "Quantile
//     based noise estimation for spectral subtraction and Wiener filtering", ICASSP 2000): a bin
//     holds speech in fewer than 1 - kNoiseQuantile of the frames, so the quantile is noise;
//   - the gain: the Wiener gain xi / (1 + xi) of the a priori SNR xi estimated by the
//     decision-directed rule (Ephraim and Malah, "Speech enhancement using a minimum mean-square
//     error short-time spectral amplitude estimator", IEEE TASSP 1984), floored at kGainFloorDb so
//     that the residual noise stays a noise and does not turn into tones;
//   - 32 ms frames, half overlapping, square-root Hann windows for analysis and synthesis (their
//     products sum to one, so a gain of 1 gives the span back).
// A clean recording's bins lie far above their minimum, so their gain is near 1.
#pragma once

#include <complex>
#include <memory>
#include <vector>

#include "common/span.h"

namespace ser::dsp {
class RealFftF64;
}

namespace ser::features {

constexpr double kGainFloorDb = -15.0;
constexpr double kNoiseQuantile = 0.1;
constexpr double kDecisionDirected = 0.98;   // weight of the previous frame in the a priori SNR

// Keeps its buffers, so that a stream of windows allocates nothing once they have grown (the
// Extractor's rule). Not thread-safe: one per thread.
class SpectralDenoiser {
 public:
  SpectralDenoiser();
  ~SpectralDenoiser();
  SpectralDenoiser(SpectralDenoiser&&) noexcept;
  SpectralDenoiser& operator=(SpectralDenoiser&&) noexcept;

  // `audio` with its stationary noise reduced, as long as it, in a buffer of this object's, valid
  // until the next call. A span shorter than one frame, or with no noise in any bin (digital
  // silence in a tenth of its frames), comes back as it is.
  FloatSpan denoise(FloatSpan audio, int sample_rate);

 private:
  void analyse(FloatSpan audio, size_t frames);
  bool estimate_noise(size_t n, size_t frames);  // false: no noise in any bin
  void apply_gains(size_t frames);
  void synthesise(size_t n, size_t frames);

  int frame_ = 0;
  std::unique_ptr<dsp::RealFftF64> fft_;
  std::vector<double> window_;                    // square-root Hann, periodic
  std::vector<std::complex<double>> spectra_;     // frames x bins
  std::vector<double> noise_;                     // per bin
  std::vector<double> powers_;                    // one bin's powers over the frames; then per bin
  std::vector<double> out_;
  std::vector<float> result_;
};

}  // namespace ser::features
