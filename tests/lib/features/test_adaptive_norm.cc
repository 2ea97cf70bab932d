// FeatureStats and AdaptiveNorm: statistics of what was heard, and the normalisation that trusts
// them as they accumulate.
#include "features/adaptive_norm.h"

#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace ser::features {
namespace {

Matrix row(std::vector<float> v) {
  Matrix m(1, v.size());
  std::copy(v.begin(), v.end(), m.data());
  return m;
}

TEST(FeatureStats, VectorWindowsAddOneValuePerDimension) {
  FeatureStats s(2, InputShape::Vector);
  s.add(row({1e6f + 1, -2}));
  s.add(row({1e6f + 3, 2}));
  EXPECT_EQ(s.windows(), 2u);
  EXPECT_EQ(s.values(), 2u);
  EXPECT_NEAR(s.mean()[0], 1e6 + 2, 1e-6);
  EXPECT_NEAR(s.variance()[0], 1.0, 1e-9);  // exact around a large mean
  EXPECT_NEAR(s.variance()[1], 4.0, 1e-9);
  EXPECT_THROW(s.add(row({1, 2, 3})), ParameterError);
  EXPECT_THROW(s.add(row({NAN, 2})), ParameterError);
}

TEST(FeatureStats, SequenceWindowsAddEveryFrameToItsBand) {
  FeatureStats s(2, InputShape::Sequence);
  Matrix w(2, 3);
  const float values[] = {1, 2, 3, 10, 10, 10};
  std::copy(values, values + 6, w.data());
  s.add(w);
  EXPECT_EQ(s.windows(), 1u);
  EXPECT_EQ(s.values(), 3u);
  EXPECT_NEAR(s.mean()[0], 2.0, 1e-12);
  EXPECT_NEAR(s.variance()[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(s.variance()[1], 0.0, 1e-12);
}

TEST(FeatureStats, MergeEqualsAddingEverythingToOne) {
  FeatureStats a(1, InputShape::Vector), b(1, InputShape::Vector), all(1, InputShape::Vector);
  for (float x : {5.f, 7.f}) {
    a.add(row({x}));
    all.add(row({x}));
  }
  for (float x : {-100.f, 3.f, 4.f}) {
    b.add(row({x}));
    all.add(row({x}));
  }
  a.merge(b);
  EXPECT_EQ(a.windows(), 5u);
  EXPECT_NEAR(a.mean()[0], all.mean()[0], 1e-9);
  EXPECT_NEAR(a.variance()[0], all.variance()[0], 1e-9);
  FeatureStats empty(1, InputShape::Vector);
  empty.merge(all);
  EXPECT_NEAR(empty.variance()[0], all.variance()[0], 1e-12);
  EXPECT_THROW(a.merge(FeatureStats(2, InputShape::Vector)), ParameterError);
}

TEST(AdaptiveNorm, ShrinksTowardsThePriorByTheWindowsHeard) {
  AdaptiveNorm n;
  n.prior_mean = {0.0f};
  n.prior_std = {1.0f};
  n.prior_windows = 3.0;
  std::vector<float> m, s;
  n.current(nullptr, m, s);
  EXPECT_EQ(m[0], 0.0f);
  EXPECT_EQ(s[0], 1.0f);
  FeatureStats heard(1, InputShape::Vector);
  heard.add(row({8.f}));
  heard.add(row({12.f}));
  heard.add(row({10.f}));  // mean 10, variance 8/3
  n.current(&heard, m, s);
  EXPECT_NEAR(m[0], 5.0, 1e-6);  // w = 3 / (3 + 3)
  EXPECT_NEAR(s[0], std::sqrt(0.5 * 8.0 / 3 + 0.5), 1e-6);
  for (int i = 0; i < 2997; ++i) heard.add(row({10.f}));
  n.current(&heard, m, s);
  EXPECT_NEAR(m[0], 10.0, 0.011);  // w = 0.999
  FeatureStats other(2, InputShape::Vector);
  other.add(row({1.f, 2.f}));
  EXPECT_THROW(n.current(&other, m, s), ParameterError);
}

TEST(AdaptiveNorm, APriorOfSpeakersWeighsEachSpeakerTheSame) {
  FeatureStats a(1, InputShape::Vector), b(1, InputShape::Vector);
  a.add(row({0.f}));
  a.add(row({2.f}));  // mean 1, variance 1
  for (int i = 0; i < 10; ++i) b.add(row({i % 2 ? 12.f : 8.f}));  // mean 10, variance 4
  const AdaptiveNorm p = prior_of({a, b}, 20.0);
  EXPECT_NEAR(p.prior_mean[0], 5.5, 1e-6);
  EXPECT_NEAR(p.prior_std[0], std::sqrt(2.5), 1e-6);
  EXPECT_EQ(p.prior_windows, 20.0);
  EXPECT_THROW(prior_of({}, 1.0), ParameterError);
}

TEST(AdaptiveNorm, APriorOfSpeakersTakesTheirWeights) {
  FeatureStats a(1, InputShape::Vector), b(1, InputShape::Vector);
  a.add(row({0.f}));
  a.add(row({2.f}));  // mean 1, variance 1
  for (int i = 0; i < 10; ++i) b.add(row({i % 2 ? 12.f : 8.f}));  // mean 10, variance 4
  const AdaptiveNorm p = prior_of({a, b}, 20.0, {1.0, 3.0});
  EXPECT_NEAR(p.prior_mean[0], (1.0 + 30.0) / 4.0, 1e-6);
  EXPECT_NEAR(p.prior_std[0], std::sqrt((1.0 + 12.0) / 4.0), 1e-6);
  EXPECT_NEAR(prior_of({a, b}, 20.0, {0.0, 2.0}).prior_mean[0], 10.0, 1e-6);  // a weight of 0 leaves a speaker out
  EXPECT_THROW(prior_of({a, b}, 1.0, {1.0}), ParameterError);
  EXPECT_THROW(prior_of({a, b}, 1.0, {1.0, -1.0}), ParameterError);
  EXPECT_THROW(prior_of({a, b}, 1.0, {1.0, std::nan("")}), ParameterError);
  EXPECT_THROW(prior_of({a, b}, 1.0, {0.0, 0.0}), ParameterError);
}

TEST(AdaptiveNorm, JsonRoundTripAndValidation) {
  AdaptiveNorm n;
  n.prior_mean = {1.5f, -2.0f};
  n.prior_std = {0.5f, 3.0f};
  n.prior_windows = 12;
  const AdaptiveNorm back = AdaptiveNorm::from_json(n.to_json());
  EXPECT_EQ(back.prior_mean, n.prior_mean);
  EXPECT_EQ(back.prior_std, n.prior_std);
  EXPECT_EQ(back.prior_windows, 12.0);
  EXPECT_NO_THROW(back.validate(2));
  EXPECT_THROW(back.validate(3), ParameterError);
  AdaptiveNorm bad = n;
  bad.prior_std[1] = 0.0f;
  EXPECT_THROW(bad.validate(2), ParameterError);
  bad = n;
  bad.prior_windows = -1;
  EXPECT_THROW(bad.validate(2), ParameterError);
  EXPECT_THROW(AdaptiveNorm::from_json({{"prior_mean", {1}}, {"typo", 1}}), ParameterError);
  EXPECT_FALSE(AdaptiveNorm().enabled());
}

TEST(AdaptiveNorm, CombineIsTheTwoMapsOneAfterTheOther) {
  std::vector<float> m, s;
  combine({2.f}, {4.f}, {0.5f}, {3.f}, m, s);
  const float x = 11.f;
  EXPECT_NEAR((x - m[0]) / s[0], ((x - 2.f) / 4.f - 0.5f) / 3.f, 1e-6);
}

// A window rewritten into the prior's frame, normalised by the prior, lands where the original
// normalised by what was heard lands: the element batches streams adapted apart this way.
TEST(AdaptiveNorm, InPriorFrameIsTheAdaptedNormalisation) {
  AdaptiveNorm norm;
  norm.prior_mean = {10.0f, -3.0f};
  norm.prior_std = {2.0f, 0.5f};
  norm.prior_windows = 4.0;
  for (const InputShape shape : {InputShape::Vector, InputShape::Sequence}) {
    FeatureStats heard(2, shape);
    const bool vector = shape == InputShape::Vector;
    Matrix window = vector ? row({14.0f, -1.0f}) : Matrix(2, 3);
    if (!vector) {
      const float v[] = {14, 15, 13, -1, -2, -0.5f};
      std::copy(v, v + 6, window.data());
    }
    heard.add(window);
    Matrix other = window;
    for (size_t k = 0; k < other.size(); ++k) other.data()[k] += 1.5f;
    heard.add(other);
    std::vector<float> mean, sd;
    norm.current(&heard, mean, sd);
    Matrix framed = window;
    in_prior_frame(norm, &heard, shape, framed);
    for (size_t r = 0; r < window.rows(); ++r) {
      for (size_t c = 0; c < window.cols(); ++c) {
        const size_t k = vector ? c : r;
        EXPECT_NEAR((framed(r, c) - norm.prior_mean[k]) / norm.prior_std[k], (window(r, c) - mean[k]) / sd[k], 1e-5)
            << "row " << r << ", column " << c;
      }
    }
    EXPECT_NE(framed(0, 0), window(0, 0));  // two windows against a prior of 4: it moved
    Matrix unheard = window;
    in_prior_frame(norm, nullptr, shape, unheard);  // nothing heard: the prior itself
    for (size_t k = 0; k < window.size(); ++k) EXPECT_NEAR(unheard.data()[k], window.data()[k], 1e-5);
  }
  Matrix wrong = row({1.0f, 2.0f, 3.0f});
  EXPECT_THROW(in_prior_frame(norm, nullptr, InputShape::Vector, wrong), ParameterError);
  AdaptiveNorm off;  // a model without adaptation: unchanged
  Matrix same = row({1.0f, 2.0f});
  in_prior_frame(off, nullptr, InputShape::Vector, same);
  EXPECT_EQ(same(0, 1), 2.0f);
}

}  // namespace
}  // namespace ser::features
