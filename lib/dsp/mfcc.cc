#include "dsp/mfcc.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"
#include "dsp/simd.h"

namespace ser::dsp {
namespace {

constexpr size_t kRowsPerPass = 8;
constexpr size_t kBandsPerSum = 8;

// out (K x frames) = basis (K x N) . S (N x frames), kRowsPerPass coefficients at a time so that
// each dB row is loaded once per pass. Products are summed in float over kBandsPerSum bands, then
// in double: dB values near -100 would lose up to 1e-3 in a float sum over all 128 bands.
// partial and total hold kRowsPerPass x frames. Vectorised as wide as the CPU allows (simd.h).
SER_TARGET_CLONES void dct_rows(const float* S, size_t N, size_t frames, const float* basis, size_t K, float* partial,
                                double* total, float* out) {
  for (size_t k0 = 0; k0 < K; k0 += kRowsPerPass) {
    const size_t rows = std::min(kRowsPerPass, K - k0);
    std::fill(total, total + rows * frames, 0.0);
    for (size_t m0 = 0; m0 < N; m0 += kBandsPerSum) {
      std::fill(partial, partial + rows * frames, 0.0f);
      for (size_t m = m0; m < std::min(N, m0 + kBandsPerSum); ++m) {
        const float* __restrict src = S + m * frames;
        for (size_t r = 0; r < rows; ++r) {
          const float w = basis[(k0 + r) * N + m];
          float* __restrict part = partial + r * frames;
          for (size_t t = 0; t < frames; ++t) part[t] += w * src[t];
        }
      }
      for (size_t i = 0; i < rows * frames; ++i) total[i] += static_cast<double>(partial[i]);
    }
    for (size_t i = 0; i < rows * frames; ++i) out[k0 * frames + i] = static_cast<float>(total[i]);
  }
}

}  // namespace

void MfccParams::validate() const {
  if (n_mfcc <= 0) throw ParameterError("n_mfcc must be > 0 (got " + std::to_string(n_mfcc) + ")");
  if (!(lifter >= 0) || !std::isfinite(lifter)) {
    throw ParameterError("lifter must be a finite number >= 0 (got " + std::to_string(lifter) + ")");
  }
}

Mfcc::Mfcc(int n_mels, const MfccParams& params) : n_mels_(n_mels), params_(params) {
  params_.validate();
  if (n_mels <= 0) throw ParameterError("n_mels must be > 0 (got " + std::to_string(n_mels) + ")");
  if (params_.n_mfcc > n_mels) {
    throw ParameterError("n_mfcc must lie in [1, n_mels=" + std::to_string(n_mels) + "] (got " +
                         std::to_string(params_.n_mfcc) + ")");
  }
  const size_t N = static_cast<size_t>(n_mels);
  basis_.resize(static_cast<size_t>(params_.n_mfcc) * N);
  for (int k = 0; k < params_.n_mfcc; ++k) {
    double scale = std::sqrt((k == 0 ? 1.0 : 2.0) / n_mels);
    if (params_.lifter > 0) scale *= 1.0 + params_.lifter / 2 * std::sin(M_PI * (k + 1) / params_.lifter);
    for (size_t m = 0; m < N; ++m) {
      basis_[static_cast<size_t>(k) * N + m] = static_cast<float>(scale * std::cos(M_PI * k * (2.0 * m + 1) / (2.0 * n_mels)));
    }
  }
}

void Mfcc::compute(const Matrix& S_db, Matrix& out) {
  if (S_db.rows() != static_cast<size_t>(n_mels_)) {
    throw ParameterError("mfcc: S has " + std::to_string(S_db.rows()) + " rows but the DCT was made for n_mels=" +
                         std::to_string(n_mels_));
  }
  const size_t frames = S_db.cols();
  const size_t N = static_cast<size_t>(n_mels_);
  const size_t K = static_cast<size_t>(params_.n_mfcc);
  out.resize(K, frames);
  partial_.resize(kRowsPerPass * frames);
  total_.resize(kRowsPerPass * frames);
  dct_rows(S_db.data(), N, frames, basis_.data(), K, partial_.data(), total_.data(), out.data());
}

Matrix mfcc(const Matrix& S_db, const MfccParams& params) {
  Matrix out;
  Mfcc(static_cast<int>(S_db.rows()), params).compute(S_db, out);
  return out;
}

}  // namespace ser::dsp
