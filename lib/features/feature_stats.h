// seremotion: FeatureStats, what has been heard of a speaker, a stream or a batch of files: the
// running mean and spread of its features, for the normalisation that adapts to them
// (adaptive_norm.h).
//
// Vector specs: each 1 x D window adds its D values, one per dimension. Sequence specs: each D x
// frames window adds every frame to its band's (row's) statistics, as the model's normalisation
// treats bands. Sums are kept in double around a per-dimension shift (the first value seen), so
// that the variance is exact enough at any scale (log-mel dB, Hz, ...).
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"
#include "features/feature_spec.h"

namespace ser::features {

class FeatureStats {
 public:
  FeatureStats() = default;
  FeatureStats(size_t dim, InputShape shape);

  size_t dim() const { return sum_.size(); }
  InputShape shape() const { return shape_; }
  // Windows added; the weight of this evidence against the prior (adaptive_norm.h).
  size_t windows() const { return windows_; }
  // Values added per dimension (windows for vector specs, frames for sequence specs).
  size_t values() const { return values_; }

  // Adds one window's features: 1 x dim (vector) or dim x frames (sequence, frames >= 1).
  // ParameterError when the shape does not fit; non-finite values are refused the same way.
  void add(const Matrix& window);
  // Adds everything `other` heard (same dim and shape, else ParameterError).
  void merge(const FeatureStats& other);
  void reset();

  // Per dimension, over the values added; empty when nothing was added.
  std::vector<double> mean() const;
  std::vector<double> variance() const;  // population (ddof = 0)

 private:
  InputShape shape_ = InputShape::Vector;
  std::vector<double> shift_, sum_, sum_sq_;
  size_t windows_ = 0;
  size_t values_ = 0;
};

}  // namespace ser::features
