#include <gtest/gtest.h>

#include "common/error.h"
#include "data/label_folding.h"
#include "data/label_map.h"
#include "data/label_vocabulary.h"
#include "error_of.h"

namespace ser::data {
namespace {

std::vector<Utterance> labelled(const std::vector<std::string>& labels) {
  std::vector<Utterance> out;
  for (size_t i = 0; i < labels.size(); ++i) {
    Utterance u;
    u.path = "f" + std::to_string(i) + ".wav";
    u.label = labels[i];
    u.original_label = labels[i];
    out.push_back(u);
  }
  return out;
}

std::vector<std::string> labels_of(const std::vector<Utterance>& utterances) {
  std::vector<std::string> out;
  for (const Utterance& u : utterances) out.push_back(u.label);
  return out;
}

// Expects ParameterError whose message contains `part`.
template <typename F>
void expect_error(F f, const std::string& part) {
  EXPECT_TRUE(test::mentions(test::error_of<ParameterError>(f), part));
}

TEST(LabelVocabulary, StartsWithTheRavdessEightInOrder) {
  const auto& v = label_vocabulary();
  ASSERT_GE(v.size(), 9u);
  EXPECT_EQ(std::vector<std::string>(v.begin(), v.begin() + 9),
            (std::vector<std::string>{"neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised",
                                      "boredom"}));
  for (const char* extra : {"excited", "frustrated", "anxious", "apologetic", "assertive", "concerned", "encouraging",
                            "other"}) {
    EXPECT_NO_THROW(label_rank(extra)) << extra;
  }
}

TEST(LabelVocabulary, SynonymsAnyCase) {
  EXPECT_EQ(canonical_label("Anger"), "angry");
  EXPECT_EQ(canonical_label(" ANG "), "angry");
  EXPECT_EQ(canonical_label("happiness"), "happy");
  EXPECT_EQ(canonical_label("joy"), "happy");
  EXPECT_EQ(canonical_label("fear"), "fearful");
  EXPECT_EQ(canonical_label("ps"), "surprised");
  EXPECT_EQ(canonical_label("Pleasant_Surprise"), "surprised");
  EXPECT_EQ(canonical_label("excitement"), "excited");
  EXPECT_EQ(canonical_label("neutral"), "neutral");
  EXPECT_FALSE(canonical_label("angyr"));
  EXPECT_FALSE(canonical_label(""));
}

TEST(LabelVocabulary, OrderIsVocabularyOrderOfThePresentLabels) {
  EXPECT_EQ(label_order(labelled({"sad", "angry", "neutral", "sad", "boredom"})),
            (std::vector<std::string>{"neutral", "sad", "angry", "boredom"}));
  EXPECT_THROW(label_order(labelled({"laughing"})), ParameterError);
}

TEST(LabelMap, EmptyMapKeepsEverything) {
  LabelMap map;
  EXPECT_TRUE(map.empty());
  auto u = labelled({"calm", "sad"});
  EXPECT_EQ(map.apply(u), 0u);
  EXPECT_EQ(labels_of(u), (std::vector<std::string>{"calm", "sad"}));
  EXPECT_EQ(map.describe(), "");
}

TEST(LabelMap, MergeRelabelsAndKeepsTheOriginal) {
  LabelMap map;
  map.add_merges("calm=neutral, excited=happy");
  auto u = labelled({"calm", "excited", "sad", "neutral"});
  EXPECT_EQ(map.apply(u), 0u);
  EXPECT_EQ(labels_of(u), (std::vector<std::string>{"neutral", "happy", "sad", "neutral"}));
  EXPECT_EQ(u[0].original_label, "calm");
  EXPECT_EQ(label_order(u), (std::vector<std::string>{"neutral", "happy", "sad"}));
  EXPECT_EQ(map.describe(), "merge calm=neutral,excited=happy");
}

TEST(LabelMap, MergeChainsResolve) {
  LabelMap map;
  map.merge("excited", "happy");
  map.merge("happy", "neutral");
  EXPECT_EQ(map.map("excited"), "neutral");
}

TEST(LabelMap, DropRemovesAndCounts) {
  LabelMap map;
  map.add_drops("boredom");
  auto u = labelled({"boredom", "angry", "boredom", "sad"});
  EXPECT_EQ(map.apply(u), 2u);
  EXPECT_EQ(labels_of(u), (std::vector<std::string>{"angry", "sad"}));
  EXPECT_EQ(u[0].path, "f1.wav");  // order of the rest kept
}

TEST(LabelMap, KeepOnlyTheListedLabelsAfterMerging) {
  LabelMap map;
  map.add_merges("calm=neutral");
  map.add_keeps("neutral,happy,sad,angry");
  auto u = labelled({"calm", "fearful", "happy", "disgust", "angry"});
  EXPECT_EQ(map.apply(u), 2u);
  EXPECT_EQ(labels_of(u), (std::vector<std::string>{"neutral", "happy", "angry"}));
}

TEST(LabelMap, DropAndKeepTogether) {
  LabelMap map;
  map.keep_only({"happy", "sad", "angry"});
  map.drop("sad");
  EXPECT_EQ(map.map("happy"), "happy");
  EXPECT_FALSE(map.map("sad"));
  EXPECT_FALSE(map.map("neutral"));
}

TEST(LabelMap, UnknownLabelsAreErrorsListingTheVocabulary) {
  LabelMap map;
  expect_error([&] { map.add_merges("calm=nuetral"); }, "unknown label 'nuetral' in --merge calm=nuetral");
  expect_error([&] { map.add_drops("bored0m"); }, "known labels: neutral, calm,");
  expect_error([&] { map.add_keeps("happy,laughing"); }, "'laughing' in --keep");
}

TEST(LabelMap, ContradictionsAreErrors) {
  LabelMap map;
  expect_error([&] { map.add_merges("calm"); }, "must be FROM=INTO");
  expect_error([&] { map.merge("calm", "calm"); }, "into itself");
  map.merge("calm", "neutral");
  expect_error([&] { map.merge("calm", "sad"); }, "contradicts --merge calm=neutral");

  LabelMap cycle;
  cycle.merge("calm", "neutral");
  cycle.merge("neutral", "calm");
  expect_error([&] { cycle.validate(); }, "cycle");

  LabelMap dropped_away;
  dropped_away.merge("calm", "neutral");
  dropped_away.drop("calm");
  auto u = labelled({"calm"});
  expect_error([&] { dropped_away.apply(u); }, "cannot drop 'calm'");

  LabelMap nothing_left;
  nothing_left.keep_only({"sad"});
  nothing_left.drop("sad");
  expect_error([&] { nothing_left.validate(); }, "leave no label");
}

TEST(LabelFolding, SameNameElseFoldTargetElseDropped) {
  const std::vector<std::string> model = {"neutral", "calm", "happy", "sad", "angry", "surprised"};
  const std::vector<std::string> corpus = {"angry", "happy", "neutral", "sad"};
  EXPECT_EQ(label_folding(model, corpus), (std::vector<int>{2, 2, 1, 3, 0, -1}));
  // Without neutral on the other side, calm has nowhere to go.
  EXPECT_EQ(label_folding({"calm", "sad"}, {"sad"}), (std::vector<int>{-1, 0}));
  EXPECT_EQ(fold_target("calm"), "neutral");
  EXPECT_EQ(fold_target("boredom"), "");
}

TEST(LabelFolding, ProbabilitiesAddOntoTheirTargetAndRenormalise) {
  const std::vector<int> folding = {2, 2, 1, 3, 0, -1};
  const auto p = fold_probabilities({0.1f, 0.2f, 0.1f, 0.1f, 0.1f, 0.4f}, folding, 4);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NEAR(p[2], 0.5, 1e-6);  // neutral + calm, over the 0.6 kept
  EXPECT_NEAR(p[1], 1.0 / 6, 1e-6);
  EXPECT_NEAR(p[0] + p[1] + p[2] + p[3], 1.0, 1e-6);
  EXPECT_EQ(fold_probabilities({0.0f, 1.0f}, {0, -1}, 1), std::vector<float>{0.0f});
}

}  // namespace
}  // namespace ser::data
