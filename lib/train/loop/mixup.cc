// mixup of a training batch (mixup.h).
#include "train/loop/mixup.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/error.h"

namespace ser::train {

double symmetric_beta(double alpha, data::Rng& rng) {
  // Below 0 the loop below would never accept; TrainerOptions::validate refuses it first.
  if (!(alpha > 0)) throw ParameterError("mixup's alpha must be > 0 (got " + std::to_string(alpha) + ")");
  // Johnk (1964): with U, V uniform, X = U^(1/a), Y = V^(1/b), X / (X + Y) given X + Y <= 1 is
  // Beta(a, b). Accepted with probability G(a+1)G(b+1)/G(a+b+1): 0.95 at alpha 0.2, 1/70 at 4.
  for (;;) {
    const double u = uniform01(rng), v = uniform01(rng);
    const double x = std::pow(u, 1.0 / alpha), y = std::pow(v, 1.0 / alpha);
    const double sum = x + y;
    if (sum > 0 && sum <= 1.0) return x / sum;
    if (sum == 0) return uniform01(rng) < 0.5 ? 0.0 : 1.0;  // both underflowed: a tiny alpha's 0 or 1
  }
}

MixedBatch mix_batch(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w, int64_t n_classes,
                     double alpha, data::Rng& rng) {
  const int64_t n = x.size(0);
  std::vector<int64_t> pair(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) pair[static_cast<size_t>(i)] = i;
  rng.shuffle(pair);
  const double drawn = symmetric_beta(alpha, rng);
  const double lambda = std::max(drawn, 1.0 - drawn);
  const torch::Tensor j = torch::tensor(pair, torch::kLong);
  const torch::Tensor weights = w.defined() ? w.to(torch::kFloat) : torch::ones({n}, torch::kFloat);
  const torch::Tensor partner_weights = weights.index_select(0, j);
  const torch::Tensor one_hot = torch::one_hot(y, n_classes).to(torch::kFloat);
  const torch::Tensor own = one_hot * (lambda * weights).unsqueeze(1);
  const torch::Tensor other = one_hot.index_select(0, j) * ((1.0 - lambda) * partner_weights).unsqueeze(1);
  MixedBatch out;
  out.x = x * lambda + x.index_select(0, j) * (1.0 - lambda);
  out.weights = lambda * weights + (1.0 - lambda) * partner_weights;
  // A pair of windows that both weigh 0 adds 0 to the loss whatever its target.
  out.targets = (own + other) / out.weights.clamp_min(1e-30).unsqueeze(1);
  return out;
}

}  // namespace ser::train
