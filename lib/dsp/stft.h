// seremotion: the short-time Fourier transform and its inverse, as librosa 0.11 computes them.
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"
#include "dsp/fft.h"

namespace ser::dsp {

// Parameters of librosa.stft / librosa.istft; the defaults are librosa's (window 'hann',
// pad_mode 'constant': zero padding).
struct StftParams {
  int n_fft = 2048;       // FFT size in samples; int > 0
  int hop_length = 512;   // samples between frames; int > 0
  int win_length = 0;     // Hann window length in samples, 0 < win_length <= n_fft; 0 means n_fft
  bool center = true;     // pad n_fft/2 zeros on each side, so frame t is centred on y[t * hop_length]

  int window_length() const { return win_length > 0 ? win_length : n_fft; }
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// The number of frames librosa.stft returns for n samples:
//   center:     1 + n / hop_length  (for even n_fft; any n >= 0 gives at least one frame)
//   not center: 1 + (n - n_fft) / hop_length, and ParameterError when n < n_fft.
size_t stft_frames(const StftParams& params, size_t n_samples);

// D = librosa.stft(y, n_fft, hop_length, win_length, window='hann', center, pad_mode='constant'):
//   D[f, t] = sum_n w[n] y_pad[t * hop_length + n] exp(-2 pi i f n / n_fft),  f = 0 .. n_fft/2.
// Shape (1 + n_fft/2) x frames. The plan and the window are made once per object; computing
// allocates only the output (and nothing when the output already has the capacity).
// An object is not thread-safe: use one per thread.
class Stft {
 public:
  explicit Stft(const StftParams& params = {});

  const StftParams& params() const { return params_; }
  size_t n_bins() const { return static_cast<size_t>(params_.n_fft / 2 + 1); }
  size_t n_frames(size_t n_samples) const { return stft_frames(params_, n_samples); }

  // The complex spectrogram D.
  void compute(FloatSpan y, ComplexMatrix& out);
  // |D| ** power, for power 1 (magnitude, np.abs) or 2 (power).
  void magnitude(FloatSpan y, Matrix& out, float power = 1.0f);

 private:
  // Fills fft_.real() with the windowed frame t of y (zero padded) and transforms it.
  void transform_frame(FloatSpan y, size_t t);

  StftParams params_;
  std::vector<float> window_;
  RealFft fft_;
};

// y = librosa.istft(D, hop_length, win_length, window='hann', center, length): inverse FFT of
// each frame, windowed, overlap-added, divided by the sum of squared windows where that sum
// exceeds the smallest normal float. Output has exactly `length` samples (zero-padded past the
// frames). D must have n_fft/2 + 1 rows. Not thread-safe: use one per thread.
class Istft {
 public:
  explicit Istft(const StftParams& params = {});

  const StftParams& params() const { return params_; }
  void compute(const ComplexMatrix& D, size_t length, std::vector<float>& y);

 private:
  StftParams params_;
  std::vector<float> window_;
  std::vector<float> ola_;         // overlap-add buffer
  std::vector<float> window_sum_;  // sum of squared windows
  RealFft fft_;
};

}  // namespace ser::dsp
