#include "dsp/mfcc.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "common/error.h"
#include "dsp/simd.h"

namespace ser::dsp {
namespace {

constexpr size_t kRowsPerPass = 4;
constexpr size_t kBandsPerSum = 8;
constexpr size_t kFramesPerVector = 8;

// 8 floats (GCC/Clang vector extension), loadable from any float address.
typedef float V8f __attribute__((vector_size(32), aligned(4), may_alias));

// out (K x frames) = basis (K x N) . S (N x frames). Products are summed in float over
// kBandsPerSum bands, then in double: dB values near -100 would lose up to 1e-3 in a float sum
// over all 128 bands. Register-blocked: kRowsPerPass coefficients of kFramesPerVector frames
// keep their partial and total sums in vector registers while the dB rows stream by once.
// Frames past the last whole vector take the same sums one at a time.
SER_TARGET_CLONES void dct_rows(const float* S, size_t N, size_t frames, const float* basis, size_t K, float* out) {
  const size_t vector_frames = frames - frames % kFramesPerVector;
  for (size_t k0 = 0; k0 < K; k0 += kRowsPerPass) {
    const size_t rows = std::min(kRowsPerPass, K - k0);
    const float* w[kRowsPerPass];  // spare rows repeat the last one and are not stored
    for (size_t r = 0; r < kRowsPerPass; ++r) w[r] = basis + (k0 + std::min(r, rows - 1)) * N;
    for (size_t t = 0; t < vector_frames; t += kFramesPerVector) {
      double total[kRowsPerPass][kFramesPerVector] = {};
      for (size_t m0 = 0; m0 < N; m0 += kBandsPerSum) {
        V8f partial[kRowsPerPass] = {};
        for (size_t m = m0; m < std::min(N, m0 + kBandsPerSum); ++m) {
          const V8f s = *reinterpret_cast<const V8f*>(S + m * frames + t);
          for (size_t r = 0; r < kRowsPerPass; ++r) partial[r] += w[r][m] * s;
        }
        float sums[kRowsPerPass][kFramesPerVector];
        std::memcpy(sums, partial, sizeof sums);
        for (size_t r = 0; r < kRowsPerPass; ++r) {
          for (size_t i = 0; i < kFramesPerVector; ++i) total[r][i] += static_cast<double>(sums[r][i]);
        }
      }
      for (size_t r = 0; r < rows; ++r) {
        for (size_t i = 0; i < kFramesPerVector; ++i) out[(k0 + r) * frames + t + i] = static_cast<float>(total[r][i]);
      }
    }
    for (size_t t = vector_frames; t < frames; ++t) {
      for (size_t r = 0; r < rows; ++r) {
        double total = 0.0;
        for (size_t m0 = 0; m0 < N; m0 += kBandsPerSum) {
          float partial = 0.0f;
          for (size_t m = m0; m < std::min(N, m0 + kBandsPerSum); ++m) partial += w[r][m] * S[m * frames + t];
          total += static_cast<double>(partial);
        }
        out[(k0 + r) * frames + t] = static_cast<float>(total);
      }
    }
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
  dct_rows(S_db.data(), N, frames, basis_.data(), K, out.data());
}

Matrix mfcc(const Matrix& S_db, const MfccParams& params) {
  Matrix out;
  Mfcc(static_cast<int>(S_db.rows()), params).compute(S_db, out);
  return out;
}

}  // namespace ser::dsp
