// Class weights and input normalisation: what the trainer derives from the training part.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/error.h"
#include "train/inputs/normalization_stats.h"
#include "train/loop/class_weights.h"

namespace ser::train {
namespace {

TEST(ClassWeights, InverseFrequencyAsSklearnBalanced) {
  // 6 targets, 3 classes: counts 3, 2, 1 -> 6 / (3 n_c).
  const auto w = inverse_frequency_weights({0, 0, 0, 1, 1, 2}, 3);
  EXPECT_FLOAT_EQ(w[0], 6.0f / 9);
  EXPECT_FLOAT_EQ(w[1], 1.0f);
  EXPECT_FLOAT_EQ(w[2], 2.0f);
  // Every class carries the same total weight.
  EXPECT_FLOAT_EQ(3 * w[0], 1 * w[2] * 1);
  EXPECT_EQ(inverse_frequency_weights({0, 0}, 2)[1], 0.0f);  // absent class
  EXPECT_THROW(inverse_frequency_weights({0, 3}, 3), ParameterError);
}

// Two corpora: "a" holds classes 0 and 1, "b" class 0 only; files of 2, 1, 1 and 4 windows.
TEST(ClassWeights, CorpusBalanceWeighsPairsOrClasses) {
  const std::vector<std::string> corpus{"a", "a", "a", "b"};
  const std::vector<int> target{0, 0, 1, 0};
  const std::vector<size_t> windows{2, 1, 1, 4};
  auto total = [&](const std::vector<float>& w, auto keep) {
    double t = 0.0;
    for (size_t f = 0; f < w.size(); ++f)
      if (keep(f)) t += double(w[f]) * double(windows[f]);
    return t;
  };
  for (CorpusBalance balance : {CorpusBalance::Pairs, CorpusBalance::Classes}) {
    const auto w = corpus_balance_weights(corpus, target, windows, balance);
    ASSERT_EQ(w.size(), 4u);
    // The weights average 1 over the 8 windows; a pair's files share its weight by windows.
    EXPECT_NEAR(total(w, [](size_t) { return true; }), 8.0, 1e-5);
    EXPECT_FLOAT_EQ(w[0], w[1]);
    const double a0 = total(w, [&](size_t f) { return f < 2; }), a1 = w[2] * 1.0, b0 = w[3] * 4.0;
    if (balance == CorpusBalance::Pairs) {
      // Three pairs, each 8/3: class 1, in one corpus only, weighs half of class 0.
      EXPECT_NEAR(a0, 8.0 / 3, 1e-5);
      EXPECT_NEAR(a1, 8.0 / 3, 1e-5);
      EXPECT_NEAR(b0, 8.0 / 3, 1e-5);
    } else {
      // Two classes, each 4; class 0's shared by its two corpora.
      EXPECT_NEAR(a1, 4.0, 1e-5);
      EXPECT_NEAR(a0, 2.0, 1e-5);
      EXPECT_NEAR(b0, 2.0, 1e-5);
    }
  }
  EXPECT_THROW(corpus_balance_weights(corpus, {0, 1}, windows, CorpusBalance::Pairs), ParameterError);
}

TEST(Normalization, VectorSpecsGetStatisticsPerElement) {
  features::FeatureSpec spec = features::FeatureSpec::preset("issa193");
  std::vector<FileFeatures> files(2);
  for (int f = 0; f < 2; ++f) {
    Matrix m(1, 193, 5.0f);   // element 0 varies, the rest are constant
    m(0, 0) = f ? 3.0f : 1.0f;
    files[f].spans = {{0, 1}};
    files[f].windows = {m};
  }
  ExampleSet set;
  set.add_file(files[0], 0);
  set.add_file(files[1], 1);
  const nn::Normalization n = normalization_of(set, spec);
  EXPECT_FLOAT_EQ(n.mean[0], 2.0f);
  EXPECT_FLOAT_EQ(n.std[0], 1.0f);   // population std of {1, 3}
  EXPECT_FLOAT_EQ(n.mean[1], 5.0f);
  EXPECT_FLOAT_EQ(n.std[1], 1.0f);   // constant: 1 instead of 0
}

TEST(Normalization, SequenceSpecsGetStatisticsPerBandOverEveryFrame) {
  features::FeatureSpec spec = features::FeatureSpec::preset("mfcc40");
  FileFeatures a, b;
  Matrix x(40, 2, 0.0f), y(40, 3, 0.0f);
  for (size_t k = 0; k < 40; ++k) {
    x(k, 0) = 1;
    x(k, 1) = 2;
    y(k, 0) = 3;
    y(k, 1) = 4;
    y(k, 2) = float(k);  // band k's values: 1 2 3 4 k
  }
  a.spans = {{0, 1}};
  a.windows = {x};
  b.spans = {{0, 1}};
  b.windows = {y};
  ExampleSet set;
  set.add_file(a, 0);
  set.add_file(b, 1);
  const nn::Normalization n = normalization_of(set, spec);
  for (size_t k : {size_t{0}, size_t{7}}) {
    const double mean = (10.0 + k) / 5;
    double var = 0;
    for (double v : {1.0, 2.0, 3.0, 4.0, double(k)}) var += (v - mean) * (v - mean);
    EXPECT_NEAR(n.mean[k], mean, 1e-6);
    EXPECT_NEAR(n.std[k], std::sqrt(var / 5), 1e-6);
  }
}

TEST(Normalization, EmptyOrMisshapenTrainingPartsAreErrors) {
  const auto spec = features::FeatureSpec::preset("mfcc40");
  EXPECT_THROW(normalization_of(ExampleSet{}, spec), ParameterError);
  FileFeatures f;
  f.spans = {{0, 1}};
  f.windows = {Matrix(13, 4)};
  ExampleSet set;
  set.add_file(f, 0);
  EXPECT_THROW(normalization_of(set, spec), ParameterError);
}

}  // namespace
}  // namespace ser::train
