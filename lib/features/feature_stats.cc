#include "features/feature_stats.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::features {

FeatureStats::FeatureStats(size_t dim, InputShape shape)
    : shape_(shape), shift_(dim, 0.0), sum_(dim, 0.0), sum_sq_(dim, 0.0) {}

void FeatureStats::add(const Matrix& window) {
  const bool vector = shape_ == InputShape::Vector;
  const size_t d = dim();
  if (vector ? (window.rows() != 1 || window.cols() != d) : (window.rows() != d || window.cols() == 0)) {
    throw ParameterError("feature statistics: a window of " + std::to_string(window.rows()) + " x " +
                         std::to_string(window.cols()) + " features does not fit " + std::to_string(d) +
                         (vector ? " values" : " bands x frames"));
  }
  for (float v : window.storage()) {
    if (!std::isfinite(v)) throw ParameterError("feature statistics: a window holds a non-finite feature");
  }
  const size_t per_dim = vector ? 1 : window.cols();
  for (size_t k = 0; k < d; ++k) {
    const float* p = vector ? window.data() + k : window.row(k);
    if (values_ == 0) shift_[k] = p[0];
    for (size_t t = 0; t < per_dim; ++t) {
      const double x = double(p[t]) - shift_[k];
      sum_[k] += x;
      sum_sq_[k] += x * x;
    }
  }
  values_ += per_dim;
  ++windows_;
}

void FeatureStats::merge(const FeatureStats& other) {
  if (other.dim() != dim() || other.shape_ != shape_) {
    throw ParameterError("feature statistics: cannot merge statistics of " + std::to_string(other.dim()) +
                         " dimensions into " + std::to_string(dim()));
  }
  if (other.values_ == 0) return;
  if (values_ == 0) {
    *this = other;
    return;
  }
  const double n = double(other.values_);
  for (size_t k = 0; k < dim(); ++k) {
    // other's sums are around its own shift: move them onto ours.
    const double delta = other.shift_[k] - shift_[k];
    sum_sq_[k] += other.sum_sq_[k] + 2.0 * delta * other.sum_[k] + n * delta * delta;
    sum_[k] += other.sum_[k] + n * delta;
  }
  values_ += other.values_;
  windows_ += other.windows_;
}

void FeatureStats::reset() { *this = FeatureStats(dim(), shape_); }

std::vector<double> FeatureStats::mean() const {
  if (values_ == 0) return {};
  std::vector<double> m(dim());
  for (size_t k = 0; k < dim(); ++k) m[k] = shift_[k] + sum_[k] / double(values_);
  return m;
}

std::vector<double> FeatureStats::variance() const {
  if (values_ == 0) return {};
  std::vector<double> v(dim());
  const double n = double(values_);
  for (size_t k = 0; k < dim(); ++k) {
    const double m = sum_[k] / n;
    v[k] = std::max(0.0, sum_sq_[k] / n - m * m);
  }
  return v;
}

}  // namespace ser::features
