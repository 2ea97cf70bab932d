#include "data/validation_split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "error_of.h"
#include "synthetic.h"

namespace ser::data {
namespace {

using test::label_counts;
using test::make_utterances;
using test::speakers_of;

bool disjoint(const std::vector<size_t>& a, const std::vector<size_t>& b) {
  std::vector<size_t> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both.empty();
}

// The fold's training part is split and nothing of its test fold is touched.
void expect_within_training(const Fold& fold, const TrainValidation& split) {
  EXPECT_TRUE(std::is_sorted(split.train.begin(), split.train.end()));
  EXPECT_TRUE(std::is_sorted(split.validation.begin(), split.validation.end()));
  EXPECT_TRUE(disjoint(split.train, split.validation));
  EXPECT_TRUE(disjoint(split.validation, fold.test)) << "validation touches the test fold";
  EXPECT_TRUE(disjoint(split.train, fold.test));
  std::vector<size_t> together;
  std::merge(split.train.begin(), split.train.end(), split.validation.begin(), split.validation.end(),
             std::back_inserter(together));
  EXPECT_EQ(together, fold.train);
}

TEST(ValidationSplit, StratifiedTakesTheFractionOfEveryLabel) {
  const auto u = make_utterances(5, {{"angry", 12}, {"sad", 6}, {"calm", 2}});  // 100 files
  const auto folds = stratified_k_fold(u, 5, 0);
  for (size_t f = 0; f < folds.size(); ++f) {
    const auto split = split_validation(u, folds[f].train, {0.25, false, f});
    expect_within_training(folds[f], split);
    EXPECT_EQ(split.validation.size(), 20u);  // round(0.25 x 80)
    const auto train = label_counts(u, folds[f].train);
    auto val = label_counts(u, split.validation);
    for (const auto& [label, n] : train) {
      EXPECT_LE(std::abs(val[label] - 0.25 * n), 1.0) << label;
    }
  }
}

TEST(ValidationSplit, BySpeakerKeepsSpeakersApart) {
  const auto u = make_utterances(12, {{"happy", 5}, {"sad", 5}});
  const auto folds = speaker_grouped_k_fold(u, 4, 1);
  for (size_t f = 0; f < folds.size(); ++f) {
    const auto split = split_validation(u, folds[f].train, ValidationParams::for_scheme(FoldScheme::SpeakerGrouped, 0.2, f));
    expect_within_training(folds[f], split);
    const auto val = speakers_of(u, split.validation), train = speakers_of(u, split.train);
    for (const std::string& s : val) EXPECT_EQ(train.count(s), 0u) << s << " in training and validation";
    EXPECT_EQ(std::vector<std::string>(val.begin(), val.end()), split.validation_speakers);
    for (const std::string& s : folds[f].test_speakers) EXPECT_EQ(val.count(s), 0u);
    EXPECT_EQ(val.size(), 2u);  // 9 training speakers x 0.2 = 1.8 speakers: 2 is the closest
  }
}

TEST(ValidationSplit, AtLeastOneSpeakerOnEachSide) {
  const auto u = make_utterances(3, {{"happy", 4}});
  std::vector<size_t> all(u.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  const auto tiny = split_validation(u, all, {0.01, true, 0});
  EXPECT_EQ(speakers_of(u, tiny.validation).size(), 1u);
  const auto huge = split_validation(u, all, {0.99, true, 0});
  EXPECT_EQ(speakers_of(u, huge.train).size(), 1u);
  EXPECT_THROW(split_validation(make_utterances(1, {{"happy", 4}}), {0, 1, 2, 3}, {0.5, true, 0}), ParameterError);
}

TEST(ValidationSplit, SameSeedSameSplitOtherSeedOtherSplit) {
  const auto u = make_utterances(10, {{"happy", 5}, {"sad", 5}});
  std::vector<size_t> all(u.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  for (bool by_speaker : {false, true}) {
    const auto a = split_validation(u, all, {0.2, by_speaker, 7});
    EXPECT_EQ(a.validation, split_validation(u, all, {0.2, by_speaker, 7}).validation);
    EXPECT_NE(a.validation, split_validation(u, all, {0.2, by_speaker, 8}).validation);
  }
}

TEST(ValidationSplit, Errors) {
  const auto u = make_utterances(2, {{"happy", 2}});
  const std::vector<size_t> all{0, 1, 2, 3};
  for (double bad : {0.0, 1.0, -0.5, std::nan("")}) {
    EXPECT_TRUE(test::mentions(test::error_of<ParameterError>([&] { split_validation(u, all, {bad, false, 0}); }),
                               "validation fraction must lie in (0, 1)"))
        << bad;
  }
  EXPECT_THROW(split_validation(u, all, {0.05, false, 0}), ParameterError);  // round(0.2) = 0 files
  EXPECT_THROW(split_validation(u, {0, 9}, {0.5, false, 0}), ParameterError);  // index out of range
}

}  // namespace
}  // namespace ser::data
