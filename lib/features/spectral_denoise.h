// seremotion: stationary noise taken out of a span before its features.
//
// Additive noise moves eGeMAPS's voice-quality and spectral-balance parameters (harmonics-to-noise
// ratio, jitter and shimmer, alpha ratio, Hammarberg index, slopes) the way an aroused or fearful
// voice does: measured on a corpus no model heard, white or pink noise 13 dB under the speech sent
// about half of the files to `fearful` (docs/results.md, "The channel a user's audio went
// through"). A short-time spectral gain takes the stationary part of that noise out first:
//   - the noise power of each frequency bin: a low quantile (the 10th percentile) of the bin's
//     power over the span's frames that hold any sound, scaled to the mean of a bin of noise alone
//     (Stahl, Fischer and Bippus, "Quantile based noise estimation for spectral subtraction and
//     Wiener filtering", ICASSP 2000): a bin that holds speech in fewer than 90 % of those frames
//     shows its noise. Frames of digital silence (a gate's, a padding's) are left out, so that
//     they neither hide the noise of the rest nor make it;
//   - the gain: the Wiener gain xi / (1 + xi) of the a priori SNR xi estimated by the
//     decision-directed rule (Ephraim and Malah, "Speech enhancement using a minimum mean-square
//     error short-time spectral amplitude estimator", IEEE TASSP 1984), floored (-15 dB by
//     default) so that the residual noise stays a noise and does not turn into tones;
//   - 32 ms frames, half overlapping, square-root Hann windows for analysis and synthesis (their
//     products sum to one, so a gain of 1 gives the span back).
// A span with fewer than 10 frames of sound has no 10th percentile worth the name and is used as
// it is.
#pragma once

#include <complex>
#include <memory>
#include <vector>

#include "common/span.h"

namespace ser::dsp {
class RealFftF64;
}

namespace ser::features {

constexpr double kDefaultGainFloorDb = -15.0;

// Keeps its buffers, so that a stream of windows allocates nothing once they have grown (the
// Extractor's rule). Not thread-safe: one per thread.
class SpectralDenoiser {
 public:
  // gain_floor_db <= 0: the least gain of a bin (0 dB: the span given back through the windows).
  explicit SpectralDenoiser(double gain_floor_db = kDefaultGainFloorDb);
  ~SpectralDenoiser();
  SpectralDenoiser(SpectralDenoiser&&) noexcept;
  SpectralDenoiser& operator=(SpectralDenoiser&&) noexcept;

  // `audio` with its stationary noise reduced, as long as it, in a buffer of this object's, valid
  // until the next call. A span with fewer than 10 frames of sound, or with no noise in any bin,
  // comes back as it is.
  FloatSpan denoise(FloatSpan audio, int sample_rate);

 private:
  void analyse(FloatSpan audio, size_t frames);
  bool estimate_noise(size_t n, size_t frames);  // false: too few frames of sound, or no noise
  void apply_gains(size_t frames);
  void synthesise(size_t n, size_t frames);

  double gain_floor_;
  int frame_ = 0;
  std::unique_ptr<dsp::RealFftF64> fft_;
  std::vector<double> window_;                    // square-root Hann, periodic
  std::vector<std::complex<double>> spectra_;     // frames x bins
  std::vector<double> noise_;                     // per bin
  std::vector<size_t> sounding_;                  // the frames wholly inside the span that hold sound
  std::vector<double> powers_;                    // one bin's powers over those frames
  std::vector<double> previous_;                  // per bin, the last frame's cleaned power over the noise
  std::vector<double> out_;
  std::vector<float> result_;
};

}  // namespace ser::features
