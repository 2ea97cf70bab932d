#include "features/adaptive_norm.h"

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace ser::features {
namespace {

// A spread at rounding level around a large mean is no spread.
bool usable_spread(double sd, double mean) { return sd > 1e-6 * (1.0 + std::fabs(mean)); }

}  // namespace

void AdaptiveNorm::current(const FeatureStats* heard, std::vector<float>& mean, std::vector<float>& std) const {
  mean = prior_mean;
  std = prior_std;
  if (heard == nullptr || heard->windows() == 0) return;
  if (heard->dim() != dim()) {
    throw ParameterError("adaptive normalisation: statistics of " + std::to_string(heard->dim()) +
                         " dimensions for a model of " + std::to_string(dim()));
  }
  const double n = double(heard->windows());
  const double w = n / (n + prior_windows);
  const std::vector<double> m = heard->mean(), v = heard->variance();
  for (size_t k = 0; k < dim(); ++k) {
    const double pm = prior_mean[k], ps = prior_std[k];
    const double bm = w * m[k] + (1.0 - w) * pm;
    const double bs = std::sqrt(w * v[k] + (1.0 - w) * ps * ps);
    mean[k] = static_cast<float>(bm);
    std[k] = usable_spread(bs, bm) ? static_cast<float>(bs) : prior_std[k];
  }
}

void AdaptiveNorm::validate(size_t d) const {
  if (!enabled()) return;
  auto fail = [](const std::string& what) { throw ParameterError("adaptation: " + what); };
  if (prior_mean.size() != d || prior_std.size() != d) {
    fail("prior_mean and prior_std must have " + std::to_string(d) + " entries each (the features' dimension), not " +
         std::to_string(prior_mean.size()) + " and " + std::to_string(prior_std.size()));
  }
  for (size_t k = 0; k < d; ++k) {
    if (!std::isfinite(prior_mean[k])) fail("prior_mean[" + std::to_string(k) + "] is not a finite number");
    if (!std::isfinite(prior_std[k]) || prior_std[k] <= 0) {
      fail("prior_std[" + std::to_string(k) + "] must be a finite number > 0");
    }
  }
  if (!std::isfinite(prior_windows) || prior_windows <= 0 || prior_windows > 1e9) {
    fail("prior_windows must be > 0 and at most 1e9 (got " + std::to_string(prior_windows) + ")");
  }
}

void in_prior_frame(const AdaptiveNorm& norm, const FeatureStats* heard, InputShape shape, Matrix& window) {
  if (!norm.enabled()) return;
  const bool vector = shape == InputShape::Vector;
  const size_t dim = vector ? window.cols() : window.rows();
  if (dim != norm.dim() || (vector && window.rows() != 1)) {
    throw ParameterError("adaptive normalisation: a window of " + std::to_string(window.rows()) + " x " +
                         std::to_string(window.cols()) + " for a model of " + std::to_string(norm.dim()) +
                         " dimensions");
  }
  std::vector<float> mean, std;
  norm.current(heard, mean, std);
  for (size_t r = 0; r < window.rows(); ++r) {
    for (size_t c = 0; c < window.cols(); ++c) {
      const size_t k = vector ? c : r;
      float& x = window(r, c);
      x = norm.prior_mean[k] + norm.prior_std[k] * ((x - mean[k]) / std[k]);
    }
  }
}

nlohmann::json AdaptiveNorm::to_json() const {
  return {{"prior_mean", prior_mean}, {"prior_std", prior_std}, {"prior_windows", prior_windows}};
}

AdaptiveNorm AdaptiveNorm::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw ParameterError("adaptation must be a JSON object");
  AdaptiveNorm a;
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    const auto& v = item.value();
    if (key == "prior_mean" || key == "prior_std") {
      if (!v.is_array()) throw ParameterError("adaptation: " + key + " must be an array of numbers");
      std::vector<float>& out = key == "prior_mean" ? a.prior_mean : a.prior_std;
      for (const auto& x : v) {
        if (!x.is_number()) throw ParameterError("adaptation: " + key + " must be an array of numbers");
        out.push_back(x.get<float>());
      }
    } else if (key == "prior_windows") {
      if (!v.is_number()) throw ParameterError("adaptation: prior_windows must be a number");
      a.prior_windows = v.get<double>();
    } else {
      throw ParameterError("adaptation: unknown field '" + key + "' (known: prior_mean, prior_std, prior_windows)");
    }
  }
  return a;
}

AdaptiveNorm prior_of(const std::vector<FeatureStats>& speakers, double prior_windows,
                      const std::vector<double>& weights) {
  if (speakers.empty()) throw ParameterError("adaptation: no speaker to take the prior from");
  if (!weights.empty() && weights.size() != speakers.size()) {
    throw ParameterError("adaptation: " + std::to_string(weights.size()) + " prior weights for " +
                         std::to_string(speakers.size()) + " speakers");
  }
  const size_t d = speakers.front().dim();
  std::vector<double> mean(d, 0.0), var(d, 0.0);
  double counted = 0.0;
  for (size_t i = 0; i < speakers.size(); ++i) {
    const FeatureStats& s = speakers[i];
    if (s.dim() != d) throw ParameterError("adaptation: speakers' statistics differ in dimension");
    const double w = weights.empty() ? 1.0 : weights[i];
    if (!(w >= 0.0 && std::isfinite(w))) throw ParameterError("adaptation: a prior weight must be finite and >= 0");
    if (s.windows() == 0 || w == 0.0) continue;
    const std::vector<double> m = s.mean(), v = s.variance();
    for (size_t k = 0; k < d; ++k) {
      mean[k] += w * m[k];
      var[k] += w * v[k];
    }
    counted += w;
  }
  if (counted == 0.0) {
    throw ParameterError("adaptation: no speaker has both a window and a weight above 0 to take the prior from");
  }
  AdaptiveNorm a;
  a.prior_windows = prior_windows;
  a.prior_mean.resize(d);
  a.prior_std.resize(d);
  for (size_t k = 0; k < d; ++k) {
    const double m = mean[k] / counted, sd = std::sqrt(var[k] / counted);
    a.prior_mean[k] = static_cast<float>(m);
    a.prior_std[k] = usable_spread(sd, m) ? static_cast<float>(sd) : 1.0f;
  }
  return a;
}

void combine(const std::vector<float>& m1, const std::vector<float>& s1, const std::vector<float>& m2,
             const std::vector<float>& s2, std::vector<float>& m, std::vector<float>& s) {
  const size_t d = m1.size();
  m.resize(d);
  s.resize(d);
  for (size_t k = 0; k < d; ++k) {
    m[k] = m1[k] + m2[k] * s1[k];
    s[k] = s1[k] * s2[k];
  }
}

}  // namespace ser::features
