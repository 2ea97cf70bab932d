#include "data/folds.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.h"
#include "error_of.h"
#include "synthetic.h"

namespace ser::data {
namespace {

using test::expect_partition;
using test::label_counts;
using test::make_utterances;
using test::speakers_of;

template <typename F>
std::string parameter_error_of(F f) {
  return test::error_of<ParameterError>(f);
}

bool same_tests(const std::vector<Fold>& a, const std::vector<Fold>& b) {
  if (a.size() != b.size()) return false;
  for (size_t f = 0; f < a.size(); ++f) {
    if (a[f].test != b[f].test) return false;
  }
  return true;
}

// ---- stratified

TEST(StratifiedKFold, PartitionWithLabelProportionsWithinOneFile) {
  // Unequal labels: 7 speakers x {13 angry, 5 sad, 2 calm} = 91, 35, 14 files.
  const auto u = make_utterances(7, {{"angry", 13}, {"sad", 5}, {"calm", 2}});
  const auto folds = stratified_k_fold(u, 5, 1);
  ASSERT_EQ(folds.size(), 5u);
  expect_partition(u, folds);
  const auto all = label_counts(u, [&] {
    std::vector<size_t> i(u.size());
    for (size_t k = 0; k < i.size(); ++k) i[k] = k;
    return i;
  }());
  size_t smallest = u.size(), largest = 0;
  for (const Fold& f : folds) {
    const auto c = label_counts(u, f.test);
    for (const auto& [label, n] : all) {
      // n / k rounded down or up: proportions within one file of the whole's.
      EXPECT_GE(c.count(label) ? c.at(label) : 0, n / 5) << label;
      EXPECT_LE(c.count(label) ? c.at(label) : 0, (n + 4) / 5) << label;
    }
    smallest = std::min(smallest, f.test.size());
    largest = std::max(largest, f.test.size());
    EXPECT_EQ(f.test_speakers.size(), speakers_of(u, f.test).size());
  }
  EXPECT_LE(largest - smallest, 1u);
}

TEST(StratifiedKFold, SameSeedSameFoldsOtherSeedOtherFolds) {
  const auto u = make_utterances(4, {{"happy", 10}, {"sad", 10}});
  EXPECT_TRUE(same_tests(stratified_k_fold(u, 4, 9), stratified_k_fold(u, 4, 9)));
  EXPECT_FALSE(same_tests(stratified_k_fold(u, 4, 9), stratified_k_fold(u, 4, 10)));
}

TEST(StratifiedKFold, ErrorsNameTheProblem) {
  const auto u = make_utterances(1, {{"angry", 10}, {"disgust", 3}});
  EXPECT_NE(parameter_error_of([&] { stratified_k_fold(u, 1, 0); }).find("n_splits must be >= 2 (got 1)"),
            std::string::npos);
  const std::string e = parameter_error_of([&] { stratified_k_fold(u, 5, 0); });
  EXPECT_NE(e.find("label 'disgust' has 3"), std::string::npos) << e;
  EXPECT_NE(e.find("at least 5 files of every label"), std::string::npos) << e;
  EXPECT_NO_THROW(stratified_k_fold(u, 3, 0));
  EXPECT_THROW(stratified_k_fold({}, 3, 0), ParameterError);
}

// ---- speaker-grouped

void expect_speaker_independent(const std::vector<Utterance>& u, const std::vector<Fold>& folds) {
  std::set<std::string> seen;
  for (const Fold& f : folds) {
    const auto test = speakers_of(u, f.test), train = speakers_of(u, f.train);
    for (const std::string& s : test) {
      EXPECT_EQ(train.count(s), 0u) << s << " on both sides";
      EXPECT_TRUE(seen.insert(s).second) << s << " in two test folds";
    }
    EXPECT_EQ(std::vector<std::string>(test.begin(), test.end()), f.test_speakers);
  }
}

TEST(SpeakerGroupedKFold, SpeakerIndependentPartitionOfEqualSpeakers) {
  const auto u = make_utterances(24, {{"angry", 4}, {"sad", 4}, {"neutral", 2}});  // like RAVDESS
  const auto folds = speaker_grouped_k_fold(u, 5, 3);
  ASSERT_EQ(folds.size(), 5u);
  expect_partition(u, folds);
  expect_speaker_independent(u, folds);
  for (const Fold& f : folds) {
    EXPECT_GE(f.test_speakers.size(), 4u);  // 24 speakers: 5, 5, 5, 5, 4
    EXPECT_LE(f.test_speakers.size(), 5u);
  }
}

TEST(SpeakerGroupedKFold, BalancesLabelsAsFarAsSpeakersAllow) {
  // Ten speakers who mostly say "sad" and ten who mostly say "happy": a fold of one kind only
  // would be easy to make and useless to test on.
  std::vector<Utterance> u;
  for (int s = 0; s < 20; ++s) {
    const std::string speaker = "p" + std::to_string(s);
    for (int i = 0; i < 9; ++i) u.push_back(test::utterance(speaker, s % 2 ? "sad" : "happy"));
    u.push_back(test::utterance(speaker, s % 2 ? "happy" : "sad"));
  }
  const auto folds = speaker_grouped_k_fold(u, 5, 0);
  expect_partition(u, folds);
  expect_speaker_independent(u, folds);
  for (const Fold& f : folds) {
    const auto c = label_counts(u, f.test);
    EXPECT_EQ(f.test.size(), 40u);  // four speakers each
    EXPECT_EQ(c.at("happy"), 20);   // two of each kind
    EXPECT_EQ(c.at("sad"), 20);
  }
}

TEST(SpeakerGroupedKFold, UnequalSpeakersGiveFoldsWithinOneSpeakerOfEachOther) {
  std::vector<Utterance> u;
  const int sizes[] = {49, 58, 43, 38, 55, 35, 61, 69, 56, 71};  // EMO-DB's speakers
  for (int s = 0; s < 10; ++s) {
    for (int i = 0; i < sizes[s]; ++i) u.push_back(test::utterance("e" + std::to_string(s), i % 3 ? "angry" : "sad"));
  }
  for (uint64_t seed = 0; seed < 5; ++seed) {
    const auto folds = speaker_grouped_k_fold(u, 5, seed);
    expect_partition(u, folds);
    expect_speaker_independent(u, folds);
    size_t smallest = u.size(), largest = 0;
    for (const Fold& f : folds) {
      smallest = std::min(smallest, f.test.size());
      largest = std::max(largest, f.test.size());
    }
    EXPECT_LE(largest - smallest, 71u) << "seed " << seed;  // within the largest speaker
  }
}

TEST(SpeakerGroupedKFold, SameSeedSameFoldsOtherSeedOtherFolds) {
  const auto u = make_utterances(20, {{"happy", 3}, {"sad", 3}});
  EXPECT_TRUE(same_tests(speaker_grouped_k_fold(u, 4, 5), speaker_grouped_k_fold(u, 4, 5)));
  EXPECT_FALSE(same_tests(speaker_grouped_k_fold(u, 4, 5), speaker_grouped_k_fold(u, 4, 6)));
}

TEST(SpeakerGroupedKFold, MoreFoldsThanSpeakersIsAnError) {
  const auto u = make_utterances(3, {{"happy", 3}});
  const std::string e = parameter_error_of([&] { speaker_grouped_k_fold(u, 5, 0); });
  EXPECT_NE(e.find("needs at least 5 speakers, but the data has 3 (s00, s01, s02)"), std::string::npos) << e;
  EXPECT_NO_THROW(speaker_grouped_k_fold(u, 3, 0));
  EXPECT_THROW(speaker_grouped_k_fold(u, 0, 0), ParameterError);
}

// ---- leave one speaker out

TEST(LeaveOneSpeakerOut, OneFoldPerSpeakerInSpeakerOrder) {
  const auto u = make_utterances(4, {{"angry", 2}, {"calm", 1}});
  const auto folds = leave_one_speaker_out(u);
  ASSERT_EQ(folds.size(), 4u);
  expect_partition(u, folds);
  expect_speaker_independent(u, folds);
  for (size_t f = 0; f < 4; ++f) {
    EXPECT_EQ(folds[f].test_speakers, (std::vector<std::string>{"s0" + std::to_string(f)}));
    EXPECT_EQ(folds[f].test.size(), 3u);
  }
  const std::string e = parameter_error_of([&] { leave_one_speaker_out(make_utterances(1, {{"angry", 3}})); });
  EXPECT_NE(e.find("at least 2 speakers"), std::string::npos) << e;
}

// ---- leave one corpus out

TEST(LeaveOneCorpusOut, OneFoldPerCorpusInOrderOfAppearance) {
  auto u = make_utterances(4, {{"angry", 2}, {"sad", 1}});
  for (size_t i = 0; i < u.size(); ++i) u[i].corpus = (u[i].speaker == "s00" || u[i].speaker == "s03") ? "zeta" : "alpha";
  const auto folds = leave_one_corpus_out(u);
  ASSERT_EQ(folds.size(), 2u);
  expect_partition(u, folds);
  expect_speaker_independent(u, folds);
  EXPECT_EQ(folds[0].held_out_corpus, "zeta");  // s00 comes first
  EXPECT_EQ(folds[1].held_out_corpus, "alpha");
  EXPECT_EQ(folds[0].test_speakers, (std::vector<std::string>{"s00", "s03"}));
  for (size_t i : folds[1].test) EXPECT_EQ(u[i].corpus, "alpha");
  for (auto& x : u) x.corpus = "alpha";
  const std::string e = parameter_error_of([&] { leave_one_corpus_out(u); });
  EXPECT_NE(e.find("at least 2 corpora, but the data has 1 (alpha)"), std::string::npos) << e;
}

// ---- dispatch

TEST(Folds, ParamsAndSchemeNames) {
  const auto u = make_utterances(6, {{"angry", 5}, {"sad", 5}});
  FoldParams p;
  p.scheme = parse_fold_scheme("Speaker");
  p.n_splits = 3;
  p.seed = 4;
  EXPECT_TRUE(same_tests(make_folds(u, p), speaker_grouped_k_fold(u, 3, 4)));
  p.scheme = parse_fold_scheme("loso");
  p.n_splits = 0;  // not used by leave-one-speaker-out
  EXPECT_EQ(make_folds(u, p).size(), 6u);
  p.scheme = FoldScheme::Stratified;
  EXPECT_THROW(make_folds(u, p), ParameterError);
  EXPECT_EQ(parse_fold_scheme("leave-one-speaker-out"), FoldScheme::LeaveOneSpeakerOut);
  EXPECT_EQ(parse_fold_scheme("corpus"), FoldScheme::LeaveOneCorpusOut);
  EXPECT_EQ(parse_fold_scheme("LOCO"), FoldScheme::LeaveOneCorpusOut);
  EXPECT_EQ(std::string(fold_scheme_name(FoldScheme::LeaveOneCorpusOut)), "corpus");
  EXPECT_TRUE(is_speaker_independent(FoldScheme::LeaveOneCorpusOut));
  EXPECT_TRUE(has_natural_folds(FoldScheme::LeaveOneCorpusOut));
  EXPECT_FALSE(has_natural_folds(FoldScheme::SpeakerGrouped));
  EXPECT_EQ(std::string(fold_scheme_name(FoldScheme::SpeakerGrouped)), "speaker");
  EXPECT_TRUE(is_speaker_independent(FoldScheme::LeaveOneSpeakerOut));
  EXPECT_FALSE(is_speaker_independent(FoldScheme::Stratified));
  EXPECT_NE(parameter_error_of([] { parse_fold_scheme("random"); }).find("known: stratified"), std::string::npos);
}

}  // namespace
}  // namespace ser::data
