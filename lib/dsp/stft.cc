#include "dsp/stft.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/window.h"

namespace ser::dsp {

void StftParams::validate() const {
  if (n_fft <= 0) throw ParameterError("n_fft must be > 0 (got " + std::to_string(n_fft) + ")");
  if (hop_length <= 0) {
    throw ParameterError("hop_length must be > 0 (got " + std::to_string(hop_length) + ")");
  }
  if (win_length < 0 || win_length > n_fft) {
    throw ParameterError("win_length must lie in [0, n_fft=" + std::to_string(n_fft) +
                         "] (0 means n_fft; got " + std::to_string(win_length) + ")");
  }
}

size_t stft_frames(const StftParams& params, size_t n_samples) {
  params.validate();
  const long long n = static_cast<long long>(n_samples);
  const long long padded = params.center ? n + 2 * (params.n_fft / 2) : n;
  if (padded < params.n_fft) {
    throw ParameterError("n_fft=" + std::to_string(params.n_fft) +
                         " is too large for uncentered analysis of a signal of " +
                         std::to_string(n_samples) + " samples");
  }
  return static_cast<size_t>(1 + (padded - params.n_fft) / params.hop_length);
}

Stft::Stft(const StftParams& params)
    : params_((params.validate(), params)),
      window_(hann_window(params.window_length(), params.n_fft)),
      fft_(params.n_fft) {}

void Stft::transform_frame(FloatSpan y, size_t t) {
  const long long n_fft = params_.n_fft;
  const long long n = static_cast<long long>(y.size());
  const long long start = static_cast<long long>(t) * params_.hop_length - (params_.center ? n_fft / 2 : 0);
  float* frame = fft_.real();
  // Zero padding outside [0, n): only the first and last frames touch it.
  const long long lo = std::max(0LL, -start);
  const long long hi = std::min(n_fft, n - start);
  std::fill(frame, frame + std::max(0LL, std::min(lo, n_fft)), 0.0f);
  for (long long i = lo; i < hi; ++i) frame[i] = window_[static_cast<size_t>(i)] * y[static_cast<size_t>(start + i)];
  std::fill(frame + std::max(lo, std::max(0LL, hi)), frame + n_fft, 0.0f);
  fft_.forward();
}

void Stft::compute(FloatSpan y, ComplexMatrix& out) {
  const size_t frames = n_frames(y.size());
  const size_t bins = n_bins();
  out.resize(bins, frames);
  for (size_t t = 0; t < frames; ++t) {
    transform_frame(y, t);
    const std::complex<float>* spec = fft_.spectrum();
    for (size_t f = 0; f < bins; ++f) out(f, t) = spec[f];
  }
}

void Stft::magnitude(FloatSpan y, Matrix& out, float power) {
  if (power != 1.0f && power != 2.0f) {
    throw ParameterError("power must be 1 or 2 (got " + std::to_string(power) + ")");
  }
  const size_t frames = n_frames(y.size());
  const size_t bins = n_bins();
  out.resize(bins, frames);
  for (size_t t = 0; t < frames; ++t) {
    transform_frame(y, t);
    const std::complex<float>* spec = fft_.spectrum();
    if (power == 2.0f) {
      for (size_t f = 0; f < bins; ++f) out(f, t) = std::norm(spec[f]);
    } else {
      for (size_t f = 0; f < bins; ++f) out(f, t) = std::abs(spec[f]);
    }
  }
}

Istft::Istft(const StftParams& params)
    : params_((params.validate(), params)),
      window_(hann_window(params.window_length(), params.n_fft)),
      fft_(params.n_fft) {}

void Istft::compute(const ComplexMatrix& D, size_t length, std::vector<float>& y) {
  const size_t n_fft = static_cast<size_t>(params_.n_fft);
  const size_t hop = static_cast<size_t>(params_.hop_length);
  const size_t bins = n_fft / 2 + 1;
  if (D.rows() != bins) {
    throw ParameterError("istft: the spectrogram has " + std::to_string(D.rows()) +
                         " rows but n_fft=" + std::to_string(n_fft) + " needs " + std::to_string(bins));
  }
  const size_t start = params_.center ? n_fft / 2 : 0;
  // Like librosa, only the frames that can reach the output are inverted.
  const size_t padded_length = length + 2 * start;
  const size_t frames = std::min(D.cols(), (padded_length + hop - 1) / hop);
  y.assign(length, 0.0f);
  if (frames == 0) return;

  const size_t total = n_fft + hop * (frames - 1);
  ola_.assign(total, 0.0f);
  window_sum_.assign(total, 0.0f);
  const float scale = 1.0f / static_cast<float>(n_fft);  // FFTW's c2r is unnormalised
  for (size_t t = 0; t < frames; ++t) {
    std::complex<float>* spec = fft_.spectrum();
    for (size_t f = 0; f < bins; ++f) spec[f] = D(f, t);
    fft_.inverse();
    const float* frame = fft_.real();
    float* dst = ola_.data() + t * hop;
    float* wsum = window_sum_.data() + t * hop;
    for (size_t i = 0; i < n_fft; ++i) {
      dst[i] += window_[i] * (frame[i] * scale);
      wsum[i] += window_[i] * window_[i];
    }
  }
  const float tiny = std::numeric_limits<float>::min();
  const size_t n_out = std::min(length, total > start ? total - start : 0);
  for (size_t i = 0; i < n_out; ++i) {
    const float s = window_sum_[start + i];
    const float v = ola_[start + i];
    y[i] = s > tiny ? v / s : v;
  }
}

}  // namespace ser::dsp
