#include "dsp/mfcc.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::dsp {

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
      basis_[static_cast<size_t>(k) * N + m] = scale * std::cos(M_PI * k * (2.0 * m + 1) / (2.0 * n_mels));
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
  out.resize(static_cast<size_t>(params_.n_mfcc), frames);
  acc_.resize(frames);
  for (size_t k = 0; k < out.rows(); ++k) {
    double* __restrict acc = acc_.data();
    std::fill(acc, acc + frames, 0.0);
    const double* w = basis_.data() + k * N;
    for (size_t m = 0; m < N; ++m) {
      const double wm = w[m];
      const float* __restrict src = S_db.row(m);
      for (size_t t = 0; t < frames; ++t) acc[t] += wm * static_cast<double>(src[t]);
    }
    std::copy(acc, acc + frames, out.row(k));
  }
}

Matrix mfcc(const Matrix& S_db, const MfccParams& params) {
  Matrix out;
  Mfcc(static_cast<int>(S_db.rows()), params).compute(S_db, out);
  return out;
}

}  // namespace ser::dsp
