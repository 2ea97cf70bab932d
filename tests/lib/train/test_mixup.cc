// mixup of a training batch: the mixed windows and targets, the loss they give, and lambda's draws.
#include "train/loop/mixup.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "data/rng.h"

namespace ser::train {
namespace {

// Sample mean and variance of n draws of Beta(alpha, alpha).
std::pair<double, double> moments(double alpha, int n) {
  data::Rng rng(11);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double b = symmetric_beta(alpha, rng);
    EXPECT_GE(b, 0.0);
    EXPECT_LE(b, 1.0);
    sum += b;
    sum2 += b * b;
  }
  const double mean = sum / n;
  return {mean, sum2 / n - mean * mean};
}

TEST(Mixup, BetaDrawsHaveTheDistributionsMoments) {
  // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)).
  for (double alpha : {0.2, 1.0, 4.0}) {
    const auto [mean, variance] = moments(alpha, 40000);
    EXPECT_NEAR(mean, 0.5, 0.01) << alpha;
    EXPECT_NEAR(variance, 1.0 / (4.0 * (2.0 * alpha + 1.0)), 0.01) << alpha;
  }
}

// The window j that window i of `mixed` was blended with, and lambda, found from the inputs x; -1
// when none fits.
std::pair<int64_t, double> partner_of(const torch::Tensor& x, const torch::Tensor& mixed, int64_t i) {
  if ((mixed[i] - x[i]).abs().max().item<double>() < 1e-6) return {i, 1.0};  // paired with itself
  for (int64_t j = 0; j < x.size(0); ++j) {
    const torch::Tensor d = x[j] - x[i];
    if (j == i || d.abs().max().item<double>() < 1e-6) continue;
    const double lambda = 1.0 - ((mixed[i] - x[i]) / d)[0].item<double>();
    if (torch::allclose(mixed[i], x[i] * lambda + x[j] * (1 - lambda), 1e-5, 1e-5)) return {j, lambda};
  }
  return {-1, 0.0};
}

TEST(Mixup, EachWindowIsMixedWithOneOtherAndKeepsTheLargerPart) {
  data::Rng rng(3);
  const torch::Tensor x = torch::randn({6, 4});
  const torch::Tensor y = torch::tensor(std::vector<int64_t>{0, 1, 2, 1, 0, 2}, torch::kLong);
  const MixedBatch m = mix_batch(x, y, torch::Tensor(), 3, 0.4, rng);
  ASSERT_EQ(m.x.sizes(), x.sizes());
  ASSERT_EQ(m.targets.sizes(), (std::vector<int64_t>{6, 3}));
  std::vector<int64_t> partners;
  for (int64_t i = 0; i < 6; ++i) {
    const auto [j, lambda] = partner_of(x, m.x, i);
    ASSERT_GE(j, 0) << "window " << i << " is no blend of two windows";
    partners.push_back(j);
    EXPECT_GE(lambda, 0.5 - 1e-5);  // its own part the larger
    // Its target is the same blend of the two one-hot targets; without weights, each weighs 1.
    torch::Tensor expected = torch::zeros({3});
    expected[y[i].item<int64_t>()] += j == i ? 1.0 : lambda;
    if (j != i) expected[y[j].item<int64_t>()] += 1.0 - lambda;
    EXPECT_TRUE(torch::allclose(m.targets[i], expected, 1e-5, 1e-5)) << i;
    EXPECT_NEAR(m.weights[i].item<double>(), 1.0, 1e-6);
  }
  std::sort(partners.begin(), partners.end());
  EXPECT_EQ(partners, (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));  // a shuffle of the batch
}

TEST(Mixup, TheSoftTargetsLossIsTheWeightedPairsLoss) {
  data::Rng rng(5);
  const torch::Tensor x = torch::randn({6, 4});
  const torch::Tensor y = torch::tensor(std::vector<int64_t>{0, 1, 1, 2, 0, 2}, torch::kLong);
  const torch::Tensor w = torch::tensor(std::vector<float>{1, 2, 0.5, 3, 1, 0.25});
  const MixedBatch m = mix_batch(x, y, w, 3, 0.3, rng);
  const torch::Tensor logits = torch::randn({6, 3});
  const auto none = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone);
  const double soft = (torch::nn::functional::cross_entropy(logits, m.targets, none) * m.weights).sum().item<double>();
  // The pairs and lambda recovered from the mixed inputs, then lambda w_i CE_i + (1 - lambda) w_j CE_j summed.
  const torch::Tensor log_p = torch::log_softmax(logits, 1);
  double by_hand = 0;
  int found = 0;
  for (int64_t i = 0; i < 6; ++i) {
    const auto [j, lambda] = partner_of(x, m.x, i);
    if (j < 0) continue;
    by_hand += -lambda * w[i].item<double>() * log_p[i][y[i].item<int64_t>()].item<double>() -
               (1 - lambda) * w[j].item<double>() * log_p[i][y[j].item<int64_t>()].item<double>();
    ++found;
  }
  ASSERT_EQ(found, 6);
  EXPECT_NEAR(soft, by_hand, 1e-4 * std::abs(by_hand));
}

TEST(Mixup, WindowsThatWeighNothingAddNothingAndStayFinite) {
  data::Rng rng(7);
  const torch::Tensor x = torch::randn({4, 2});
  const torch::Tensor y = torch::tensor(std::vector<int64_t>{0, 1, 0, 1}, torch::kLong);
  const MixedBatch m = mix_batch(x, y, torch::zeros({4}), 2, 0.2, rng);
  EXPECT_TRUE(torch::isfinite(m.targets).all().item<bool>());
  EXPECT_EQ(m.weights.abs().sum().item<double>(), 0.0);
}

TEST(Mixup, TheSameGeneratorStateGivesTheSameMix) {
  const torch::Tensor x = torch::randn({8, 3});
  const torch::Tensor y = torch::tensor(std::vector<int64_t>{0, 1, 2, 0, 1, 2, 0, 1}, torch::kLong);
  data::Rng a(9), b(9), c(10);
  const MixedBatch ma = mix_batch(x, y, torch::Tensor(), 3, 0.2, a), mb = mix_batch(x, y, torch::Tensor(), 3, 0.2, b),
                   mc = mix_batch(x, y, torch::Tensor(), 3, 0.2, c);
  EXPECT_TRUE(torch::equal(ma.x, mb.x));
  EXPECT_TRUE(torch::equal(ma.targets, mb.targets));
  EXPECT_FALSE(torch::equal(ma.x, mc.x));
}

}  // namespace
}  // namespace ser::train
