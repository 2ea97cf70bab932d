#include "dsp/stft_f64.h"

#include <algorithm>
#include <cmath>

namespace ser::dsp {

std::vector<double> periodic_hann_f64(size_t n) {
  if (n <= 1) return std::vector<double>(n, 1.0);
  std::vector<double> w(n);
  const double step = (M_PI - (-M_PI)) / static_cast<double>(n);
  for (size_t k = 0; k < n; ++k) w[k] = 0.5 + 0.5 * std::cos(static_cast<double>(k) * step + (-M_PI));
  return w;
}

StftF64::StftF64(const StftParams& params)
    : params_((params.validate(), params)), window_(static_cast<size_t>(params.n_fft), 0.0), fft_(params.n_fft) {
  // librosa.util.pad_center of the win_length window to n_fft.
  const std::vector<double> w = periodic_hann_f64(static_cast<size_t>(params.window_length()));
  std::copy(w.begin(), w.end(), window_.begin() + (params.n_fft - params.window_length()) / 2);
}

void StftF64::compute(FloatSpan y, ComplexMatrix& D) {
  const size_t frames = stft_frames(params_, y.size());
  const size_t bins = n_bins();
  const long long n_fft = params_.n_fft;
  const long long n = static_cast<long long>(y.size());
  D.resize(bins, frames);
  for (size_t t = 0; t < frames; ++t) {
    const long long start = static_cast<long long>(t) * params_.hop_length - (params_.center ? n_fft / 2 : 0);
    // frame[i] = window[i] y[start + i] inside the signal, 0 in the padding.
    const long long lo = std::clamp(-start, 0LL, n_fft);
    const long long hi = std::clamp(n - start, lo, n_fft);
    double* frame = fft_.real();
    std::fill(frame, frame + lo, 0.0);
    for (long long i = lo; i < hi; ++i) frame[i] = window_[static_cast<size_t>(i)] * y[static_cast<size_t>(start + i)];
    std::fill(frame + hi, frame + n_fft, 0.0);
    fft_.forward();
    const std::complex<double>* spectrum = fft_.spectrum();
    for (size_t f = 0; f < bins; ++f) {
      D(f, t) = {static_cast<float>(spectrum[f].real()), static_cast<float>(spectrum[f].imag())};
    }
  }
}

}  // namespace ser::dsp
