#include "train/augment/augmentation_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace ser::train {
namespace {

// 12 files of 4 speakers (3 each), each with its own content.
struct Corpus {
  std::vector<data::Utterance> utterances;
  std::vector<ContentHash> content;
  Corpus() {
    for (size_t i = 0; i < 12; ++i) {
      data::Utterance u;
      u.path = "f" + std::to_string(i) + ".wav";
      u.speaker = "s:" + std::to_string(i / 3);
      u.label = i % 2 ? "happy" : "sad";
      utterances.push_back(u);
      content.push_back({1000 + i, 10 * i + 1});
    }
  }
};

bool contains(const std::vector<size_t>& v, size_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST(AugmentationPlan, CopiesComeFromTheTrainingFilesOnly) {
  const Corpus c;
  const std::vector<size_t> training{0, 1, 2, 3, 4, 5};  // speakers 0 and 1; 6..11 are validation/test
  AudioAugmentParams p;
  p.copies = 2;
  p.noise = true;
  p.noise_kind = NoiseKind::Babble;
  p.babble_talkers = 3;
  const auto plan = plan_augmented_copies(c.utterances, training, c.content, p, 9);
  ASSERT_EQ(plan.size(), training.size() * 2);
  for (const AugmentedCopy& copy : plan) {
    EXPECT_TRUE(contains(training, copy.source));
    EXPECT_EQ(copy.babble.size(), 3u);
    for (size_t b : copy.babble) {
      EXPECT_TRUE(contains(training, b)) << "babble from a file outside the training part: " << b;
      EXPECT_NE(b, copy.source);
    }
    // Three other-speaker files exist in the training part, so all babble talkers are others.
    for (size_t b : copy.babble) EXPECT_NE(c.utterances[b].speaker, c.utterances[copy.source].speaker);
    EXPECT_EQ(std::set<size_t>(copy.babble.begin(), copy.babble.end()).size(), copy.babble.size());
  }
}

TEST(AugmentationPlan, ACopyIsTheSameInEveryFoldThatTrainsOnItsFile) {
  const Corpus c;
  AudioAugmentParams p;
  p.gain_min_db = -3;
  p.gain_max_db = 3;
  const auto a = plan_augmented_copies(c.utterances, {0, 1, 2, 3}, c.content, p, 5);
  const auto b = plan_augmented_copies(c.utterances, {2, 3, 8, 9}, c.content, p, 5);
  // File 2 in both folds: the same seed, so the cached copy is reused.
  auto seed_of = [](const std::vector<AugmentedCopy>& plan, size_t file) {
    for (const auto& x : plan) if (x.source == file) return x.seed;
    return uint64_t{0};
  };
  EXPECT_EQ(seed_of(a, 2), seed_of(b, 2));
  EXPECT_NE(seed_of(a, 2), seed_of(a, 3));
  EXPECT_NE(seed_of(a, 2), seed_of(plan_augmented_copies(c.utterances, {2}, c.content, p, 6), 2));
}

TEST(AugmentationPlan, NothingWhenAugmentationIsOff) {
  const Corpus c;
  AudioAugmentParams p;  // no operation on
  EXPECT_TRUE(plan_augmented_copies(c.utterances, {0, 1}, c.content, p, 1).empty());
  p.noise = true;
  p.copies = 0;
  EXPECT_TRUE(plan_augmented_copies(c.utterances, {0, 1}, c.content, p, 1).empty());
}

}  // namespace
}  // namespace ser::train
