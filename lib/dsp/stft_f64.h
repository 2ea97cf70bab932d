// seremotion: the STFT and its inverse with float64 FFTs, as numpy computes librosa.stft and
// librosa.istft in float32.
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"
#include "dsp/fft_f64.h"
#include "dsp/stft.h"

namespace ser::dsp {

// scipy.signal.get_window('hann', n) (periodic) in float64, evaluated as scipy evaluates it:
// 0.5 + 0.5 cos(k (2 pi / n) - pi), k = 0 .. n - 1 (scipy's general_cosine on linspace(-pi, pi,
// n + 1) without its last point); [1] for n = 1.
std::vector<double> periodic_hann_f64(size_t n);

// D = librosa.stft(y, n_fft, hop_length, win_length, window='hann', center, pad_mode='constant')
// for float32 y, computed as numpy does: each frame times the float64 window, a float64 FFT, the
// result rounded to complex64. Shape (1 + n_fft/2) x frames, frames as stft_frames().
//
// Stft (stft.h) uses float32 FFTs: about as fast, but each bin carries rounding of about 1e-7 of
// the frame's largest bin, which swamps bins 60 dB or more below it. Here every bin is within
// float32 rounding of librosa's, the quiet ones too; HPSS needs that when the harmonic part is
// quiet (librosa.effects.harmonic of a fast chirp is 4000 times weaker than the chirp).
// The plan and the window are made once. Not thread-safe: use one object per thread.
class StftF64 {
 public:
  explicit StftF64(const StftParams& params = {});

  const StftParams& params() const { return params_; }
  size_t n_bins() const { return static_cast<size_t>(params_.n_fft / 2 + 1); }

  void compute(FloatSpan y, ComplexMatrix& D);
  // D, M = |D| and P = |D|^2 (modulus_and_square, modulus.h: np.abs(D) and np.abs(D)**2) in one
  // pass, while each frame's spectrum is still in cache. Shapes that of D.
  void compute(FloatSpan y, ComplexMatrix& D, Matrix& M, Matrix& P);
  // Without storing D, for features that read no phase:
  // M = |D| (modulus, modulus.h), and P = |D|^2 as in compute().
  void magnitude(FloatSpan y, Matrix& M);
  void magnitude(FloatSpan y, Matrix& M, Matrix& P);
  // P = re^2 + im^2 of D's complex64 values, in float (squared_modulus, modulus.h).
  void power(FloatSpan y, Matrix& P);

  // Any of these in one pass; null pointers are not stored. The *_by_frame ones are frames x
  // bins, the transposes of D and |D|: a frame's spectrum is a row, as an inverse STFT reads it
  // (Hpss::harmonic_by_frame, IstftF64::compute_by_frame), written without a transpose.
  struct Outputs {
    ComplexMatrix* D = nullptr;
    ComplexMatrix* D_by_frame = nullptr;
    Matrix* magnitude = nullptr;           // |D| (modulus)
    Matrix* magnitude_by_frame = nullptr;
    Matrix* power = nullptr;
    bool power_of_magnitude = true;        // power = |D|^2 from the rounded |D| (np.abs(D)**2); else
                                           // re^2 + im^2 in float (squared_modulus)
  };
  void compute(FloatSpan y, const Outputs& out);

 private:
  static constexpr size_t kBlock = 16;  // frames transformed before they are stored

  // Frame t's float64 spectrum into fft_.spectrum().
  void transform(FloatSpan y, size_t t);

  StftParams params_;
  std::vector<double> window_;  // win_length Hann, centred in n_fft
  RealFftF64 fft_;
  std::vector<std::complex<float>> block_;  // kBlock frames' spectra, frame-major
  std::vector<float> magnitude_block_;      // and their |D|, frame-major
  std::vector<float> power_block_;          // and their power, frame-major
};

// y = librosa.istft(D, hop_length, win_length, window='hann', center, length) for complex64 D,
// computed as librosa does: each frame's float64 inverse FFT times the float64 window, added into
// the float32 output frame by frame (each sum rounded to float32), then divided by the float32 sum
// of squared windows where it exceeds the smallest normal float. Output: exactly `length`
// samples. D must have n_fft/2 + 1 rows. The window envelope is made once for the longest input
// seen and cut to each call's frames. Not thread-safe: use one object per thread.
class IstftF64 {
 public:
  explicit IstftF64(const StftParams& params = {});

  const StftParams& params() const { return params_; }
  void compute(const ComplexMatrix& D, size_t length, std::vector<float>& y);
  // The same from D's transpose (frames x bins, a frame's spectrum per row: StftF64::Outputs'
  // D_by_frame), which it reads without gathering columns.
  void compute_by_frame(const ComplexMatrix& D_by_frame, size_t length, std::vector<float>& y);

 private:
  // The frames of an n_frames-frame spectrogram that reach `length` output samples (librosa
  // inverts only those); ParameterError when a frame does not have n_fft/2 + 1 bins.
  size_t frames_to_invert(size_t n_bins, size_t n_frames, size_t length) const;
  // Overlap-adds frame t, given its spectrum, into ola_.
  void add_frame(const std::complex<float>* spectrum, size_t t);
  // y = the first `length` samples of ola_ (after the centring pad) over the window envelope.
  void normalize(size_t frames, size_t length, std::vector<float>& y);

  // librosa.filters.window_sumsquare (float32) of n_frames frames: positions below head_size
  // in head, the others at tail[p - head_size].
  struct Envelope {
    const float* head;
    size_t head_size;
    const float* tail;
  };
  Envelope envelope(size_t n_frames);

  StftParams params_;
  std::vector<double> window_;
  std::vector<double> window_squared_;
  std::vector<float> window_sum_;  // window_sumsquare of window_sum_frames_ frames
  size_t window_sum_frames_ = 0;
  std::vector<float> ola_;
  RealFftF64 fft_;
  static constexpr size_t kBlock = 16;      // frames gathered from D at a time
  std::vector<std::complex<float>> block_;  // their spectra, frame-major
};

}  // namespace ser::dsp
