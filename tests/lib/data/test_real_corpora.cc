// RAVDESS, EMO-DB and EMOVO as they lie in ../shared/data (16 kHz FLAC), read by name as the trainer
// reads them, then folded.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/shared_data.h"
#include "data/corpus_registry.h"
#include "data/label_map.h"
#include "data/label_vocabulary.h"
#include "data/validation_split.h"
#include "synthetic.h"

namespace ser::data {
namespace {

// Files per value of a field: count(u, &Utterance::label).
std::map<std::string, int> count(const std::vector<Utterance>& u, std::string Utterance::*field) {
  std::map<std::string, int> c;
  for (const Utterance& x : u) ++c[x.*field];
  return c;
}

CorpusListing read_shared(const std::string& name) {
  return read_corpus(parse_corpus_spec(name + "=" + ser::test::data_dir() + "/" + name));
}

TEST(RealCorpora, Ravdess) {
  SER_REQUIRE_DATA();
  const CorpusListing l = read_shared("ravdess");
  EXPECT_EQ(l.skipped.count, 0u) << l.skipped.summary();
  ASSERT_EQ(l.utterances.size(), 1440u);
  EXPECT_EQ(count(l.utterances, &Utterance::label),
            (std::map<std::string, int>{{"neutral", 96}, {"calm", 192}, {"happy", 192}, {"sad", 192},
                                        {"angry", 192}, {"fearful", 192}, {"disgust", 192}, {"surprised", 192}}));
  const auto speakers = count(l.utterances, &Utterance::speaker);
  ASSERT_EQ(speakers.size(), 24u);
  for (const auto& [speaker, n] : speakers) EXPECT_EQ(n, 60) << speaker;
  EXPECT_EQ(speakers.begin()->first, "ravdess:01");
  int female = 0;
  for (const Utterance& u : l.utterances) female += u.gender == Gender::Female;
  EXPECT_EQ(female, 720);
  EXPECT_EQ(label_order(l.utterances),
            (std::vector<std::string>{"neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"}));
}

TEST(RealCorpora, Emodb) {
  SER_REQUIRE_DATA();
  const CorpusListing l = read_shared("emodb");
  EXPECT_EQ(l.skipped.count, 0u) << l.skipped.summary();
  ASSERT_EQ(l.utterances.size(), 535u);
  EXPECT_EQ(count(l.utterances, &Utterance::label),
            (std::map<std::string, int>{{"angry", 127}, {"boredom", 81}, {"disgust", 46}, {"fearful", 69},
                                        {"happy", 71}, {"sad", 62}, {"neutral", 79}}));
  EXPECT_EQ(count(l.utterances, &Utterance::speaker),
            (std::map<std::string, int>{{"emodb:03", 49}, {"emodb:08", 58}, {"emodb:09", 43}, {"emodb:10", 38},
                                        {"emodb:11", 55}, {"emodb:12", 35}, {"emodb:13", 61}, {"emodb:14", 69},
                                        {"emodb:15", 56}, {"emodb:16", 71}}));
  int male = 0;
  for (const Utterance& u : l.utterances) {
    male += u.gender == Gender::Male;
    EXPECT_EQ(u.language, "de");
  }
  EXPECT_EQ(male, 49 + 38 + 55 + 35 + 56);
}

TEST(RealCorpora, Emovo) {
  SER_REQUIRE_DATA();
  const CorpusListing l = read_shared("emovo");
  EXPECT_EQ(l.skipped.count, 0u) << l.skipped.summary();
  ASSERT_EQ(l.utterances.size(), 588u);
  EXPECT_EQ(count(l.utterances, &Utterance::label),
            (std::map<std::string, int>{{"angry", 84}, {"disgust", 84}, {"fearful", 84}, {"happy", 84},
                                        {"neutral", 84}, {"sad", 84}, {"surprised", 84}}));
  EXPECT_EQ(count(l.utterances, &Utterance::speaker),
            (std::map<std::string, int>{{"emovo:f1", 98}, {"emovo:f2", 98}, {"emovo:f3", 98}, {"emovo:m1", 98},
                                        {"emovo:m2", 98}, {"emovo:m3", 98}}));
  int female = 0;
  for (const Utterance& u : l.utterances) {
    female += u.gender == Gender::Female;
    EXPECT_EQ(u.language, "it");
  }
  EXPECT_EQ(female, 3 * 98);
  EXPECT_EQ(count(l.utterances, &Utterance::original_label).at("gio"), 84);
}

TEST(RealCorpora, SpeakerIndependentFoldsOverBothCorpora) {
  SER_REQUIRE_DATA();
  std::vector<Utterance> all = read_shared("ravdess").utterances;
  const std::vector<Utterance> emodb = read_shared("emodb").utterances;
  all.insert(all.end(), emodb.begin(), emodb.end());
  LabelMap map;
  map.add_merges("calm=neutral");
  map.add_drops("boredom,surprised");
  EXPECT_EQ(map.apply(all), 81u + 192u);
  EXPECT_EQ(label_order(all),
            (std::vector<std::string>{"neutral", "happy", "sad", "angry", "fearful", "disgust"}));
  EXPECT_EQ(count(all, &Utterance::label).at("neutral"), 96 + 192 + 79);

  const auto folds = speaker_grouped_k_fold(all, 5, 2024);
  ASSERT_EQ(folds.size(), 5u);
  test::expect_partition(all, folds);
  std::set<std::string> seen;
  for (size_t f = 0; f < folds.size(); ++f) {
    const auto test = test::speakers_of(all, folds[f].test), train = test::speakers_of(all, folds[f].train);
    for (const std::string& s : test) {
      EXPECT_EQ(train.count(s), 0u) << s;
      EXPECT_TRUE(seen.insert(s).second) << s;
    }
    EXPECT_GE(folds[f].test.size(), 250u);  // (1440 + 535 - 273) / 5 = 340 on average
    EXPECT_LE(folds[f].test.size(), 430u);
    const auto split = split_validation(all, folds[f].train, ValidationParams::for_scheme(FoldScheme::SpeakerGrouped, 0.1, f));
    for (const std::string& s : split.validation_speakers) {
      EXPECT_EQ(test.count(s), 0u);
      EXPECT_EQ(test::speakers_of(all, split.train).count(s), 0u);
    }
  }
  EXPECT_EQ(seen.size(), 34u);
}

TEST(RealCorpora, StratifiedAndLeaveOneSpeakerOutOnEmodb) {
  SER_REQUIRE_DATA();
  const std::vector<Utterance> u = read_shared("emodb").utterances;
  const auto folds = stratified_k_fold(u, 10, 0);
  test::expect_partition(u, folds);
  for (const Fold& f : folds) {
    const auto c = test::label_counts(u, f.test);
    EXPECT_GE(c.at("disgust"), 4);  // 46 / 10
    EXPECT_LE(c.at("disgust"), 5);
    EXPECT_GE(c.at("angry"), 12);   // 127 / 10
    EXPECT_LE(c.at("angry"), 13);
  }
  const auto loso = leave_one_speaker_out(u);
  ASSERT_EQ(loso.size(), 10u);
  test::expect_partition(u, loso);
  EXPECT_EQ(loso[0].test_speakers, (std::vector<std::string>{"emodb:03"}));
  EXPECT_EQ(loso[0].test.size(), 49u);
}

}  // namespace
}  // namespace ser::data
