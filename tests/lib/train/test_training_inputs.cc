// Class weights and input normalisation: what the trainer derives from the training part.
#include <gtest/gtest.h>

#include <cmath>

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
