#include "dsp/mel.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"
#include "dsp/frequencies.h"
#include "dsp/simd.h"
#include "dsp/spectrogram_shape.h"

namespace ser::dsp {
namespace {

// Slaney's scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above (27 mels per
// factor 6.4), as librosa writes it.
constexpr double kSlaneyHzPerMel = 200.0 / 3;
constexpr double kSlaneyMinLogHz = 1000.0;
constexpr double kSlaneyMinLogMel = kSlaneyMinLogHz / kSlaneyHzPerMel;
const double kSlaneyLogStep = std::log(6.4) / 27.0;

// 8 floats (GCC/Clang vector extension), loadable from any float address.
typedef float V8f __attribute__((vector_size(32), aligned(4), may_alias));

// out[t] = sum_j w[j] rows[j * stride + t], summed in order of j from 0: one band of the mel
// spectrogram, along contiguous time rows, 8 frames at a time in a vector register while the
// band's rows stream by (simd.h); the frames past the last whole vector one at a time.
SER_TARGET_CLONES void weighted_rows(const float* rows, size_t stride, const float* w, int count, size_t frames,
                                     float* out) {
  const size_t vector_frames = frames - frames % 8;
  for (size_t t = 0; t < vector_frames; t += 8) {
    V8f sum = {};
    for (int j = 0; j < count; ++j) sum += w[j] * *reinterpret_cast<const V8f*>(rows + static_cast<size_t>(j) * stride + t);
    *reinterpret_cast<V8f*>(out + t) = sum;
  }
  for (size_t t = vector_frames; t < frames; ++t) {
    float sum = 0.0f;
    for (int j = 0; j < count; ++j) sum += w[j] * rows[static_cast<size_t>(j) * stride + t];
    out[t] = sum;
  }
}

}  // namespace

double hz_to_mel(double hz, bool htk) {
  if (htk) return 2595.0 * std::log10(1.0 + hz / 700.0);
  if (hz >= kSlaneyMinLogHz) return kSlaneyMinLogMel + std::log(hz / kSlaneyMinLogHz) / kSlaneyLogStep;
  return hz / kSlaneyHzPerMel;
}

double mel_to_hz(double mel, bool htk) {
  if (htk) return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
  if (mel >= kSlaneyMinLogMel) return kSlaneyMinLogHz * std::exp(kSlaneyLogStep * (mel - kSlaneyMinLogMel));
  return kSlaneyHzPerMel * mel;
}

std::vector<double> mel_frequencies(int n_mels, double fmin, double fmax, bool htk) {
  if (n_mels < 0) throw ParameterError("n_mels must be >= 0 (got " + std::to_string(n_mels) + ")");
  std::vector<double> f = linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels);
  for (double& v : f) v = mel_to_hz(v, htk);
  return f;
}

void MelParams::validate() const {
  if (!(sr > 0)) throw ParameterError("sr must be > 0 Hz (got " + std::to_string(sr) + ")");
  if (n_fft <= 0) throw ParameterError("n_fft must be > 0 (got " + std::to_string(n_fft) + ")");
  if (n_mels <= 0) throw ParameterError("n_mels must be > 0 (got " + std::to_string(n_mels) + ")");
  if (!(fmin >= 0)) throw ParameterError("fmin must be >= 0 Hz (got " + std::to_string(fmin) + ")");
  if (!(fmax_hz() > fmin) || !std::isfinite(fmax_hz())) {
    throw ParameterError("fmax must be finite and > fmin=" + std::to_string(fmin) + " Hz (got " +
                         std::to_string(fmax_hz()) + ")");
  }
}

MelFilterBank::MelFilterBank(const MelParams& params) : params_((params.validate(), params)) {
  const std::vector<double> fft_f = fft_frequencies(params_.sr, params_.n_fft);
  const std::vector<double> mel_f =
      mel_frequencies(params_.n_mels + 2, params_.fmin, params_.fmax_hz(), params_.htk);
  const size_t n_mels = static_cast<size_t>(params_.n_mels);
  first_.assign(n_mels, 0);
  size_.assign(n_mels, 0);
  offset_.assign(n_mels, 0);
  std::vector<float> row(fft_f.size());
  for (size_t m = 0; m < n_mels; ++m) {
    const double lower_width = mel_f[m + 1] - mel_f[m];
    const double upper_width = mel_f[m + 2] - mel_f[m + 1];
    const double enorm = params_.norm == MelNorm::Slaney ? 2.0 / (mel_f[m + 2] - mel_f[m]) : 1.0;
    for (size_t k = 0; k < fft_f.size(); ++k) {
      const double lower = -(mel_f[m] - fft_f[k]) / lower_width;
      const double upper = (mel_f[m + 2] - fft_f[k]) / upper_width;
      // librosa stores the triangle in float32 first, then scales it by the norm.
      const float tri = static_cast<float>(std::max(0.0, std::min(lower, upper)));
      row[k] = static_cast<float>(static_cast<double>(tri) * enorm);
    }
    const auto nonzero = [](float w) { return w != 0.0f; };
    const auto first = std::find_if(row.begin(), row.end(), nonzero);
    const auto last = std::find_if(row.rbegin(), row.rend(), nonzero).base();
    offset_[m] = weights_.size();
    if (first < last) {
      first_[m] = static_cast<int>(first - row.begin());
      size_[m] = static_cast<int>(last - first);
      weights_.insert(weights_.end(), first, last);
    }
  }
}

Matrix MelFilterBank::to_dense() const {
  Matrix M(static_cast<size_t>(n_mels()), static_cast<size_t>(n_bins()), 0.0f);
  for (int m = 0; m < n_mels(); ++m) {
    std::copy(band_weights(m), band_weights(m) + band_size(m), M.row(static_cast<size_t>(m)) + first_bin(m));
  }
  return M;
}

void MelFilterBank::apply(const Matrix& S, Matrix& out) const {
  check_spectrogram_rows(S, params_.n_fft, "melspectrogram");
  const size_t frames = S.cols();
  out.resize(static_cast<size_t>(n_mels()), frames);
  for (int m = 0; m < n_mels(); ++m) {
    weighted_rows(S.row(static_cast<size_t>(first_bin(m))), frames, band_weights(m), band_size(m), frames,
                  out.row(static_cast<size_t>(m)));
  }
}

Matrix melspectrogram(const Matrix& S, const MelParams& params) {
  Matrix out;
  MelFilterBank(params).apply(S, out);
  return out;
}

}  // namespace ser::dsp
