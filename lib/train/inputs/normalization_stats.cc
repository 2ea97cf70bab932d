#include "train/inputs/normalization_stats.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::train {
namespace {

// Calls f(feature, value) for every value of every window.
template <typename F>
void visit(const ExampleSet& set, bool vector, size_t dim, F f) {
  for (const Matrix* w : set.windows) {
    const size_t per_feature = vector ? 1 : w->cols();
    for (size_t k = 0; k < dim; ++k) {
      const float* p = vector ? w->data() + k : w->row(k);
      for (size_t t = 0; t < per_feature; ++t) f(k, double(p[t]));
    }
  }
}

}  // namespace

nn::Normalization normalization_of(const ExampleSet& training, const features::FeatureSpec& spec) {
  if (training.windows.empty()) throw ParameterError("normalisation: the training part has no windows");
  const bool vector = spec.shape == features::InputShape::Vector;
  const size_t dim = spec.feature_dim();
  size_t count = 0;  // values per feature
  for (const Matrix* w : training.windows) {
    if (vector ? (w->rows() != 1 || w->cols() != dim) : w->rows() != dim) {
      throw ParameterError("normalisation: a training window is " + std::to_string(w->rows()) + " x " +
                           std::to_string(w->cols()) + ", which does not fit features '" + spec.name + "' (" +
                           std::to_string(dim) + (vector ? " values)" : " bands)"));
    }
    count += vector ? 1 : w->cols();
  }
  // Two passes (mean, then squared deviations): exact enough whatever the features' scale.
  std::vector<double> mean(dim, 0.0);
  visit(training, vector, dim, [&](size_t k, double v) { mean[k] += v; });
  for (double& m : mean) m /= double(count);
  std::vector<double> var(dim, 0.0);
  visit(training, vector, dim, [&](size_t k, double v) { var[k] += (v - mean[k]) * (v - mean[k]); });
  nn::Normalization n;
  n.mean.resize(dim);
  n.std.resize(dim);
  for (size_t k = 0; k < dim; ++k) {
    const double sd = std::sqrt(var[k] / double(count));
    n.mean[k] = static_cast<float>(mean[k]);
    // Relative floor: a spread at rounding level around a large mean is no spread.
    n.std[k] = sd > 1e-6 * (1.0 + std::fabs(mean[k])) ? static_cast<float>(sd) : 1.0f;
  }
  return n;
}

}  // namespace ser::train
