#include "train/runs/speaker_bags.h"

#include <gtest/gtest.h>

namespace ser::train {
namespace {

// 10 speakers with 3 files each; the training part: the first 8 speakers.
std::vector<data::Utterance> corpus() {
  std::vector<data::Utterance> out;
  for (int i = 0; i < 30; ++i) {
    data::Utterance u;
    u.path = "f" + std::to_string(i) + ".wav";
    u.speaker = "c:" + std::to_string(i / 3);
    out.push_back(u);
  }
  return out;
}

std::vector<size_t> first_files(size_t n) {
  std::vector<size_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

TEST(SpeakerBags, EachRepeatTakesItsShareOfTheTrainingSpeakersOnly) {
  const auto bags = speaker_bags(corpus(), first_files(24), 0.75, 4, 3);
  ASSERT_EQ(bags.size(), 4u);
  std::set<std::set<std::string>> distinct;
  for (const auto& bag : bags) {
    EXPECT_EQ(bag.size(), 6u);  // 0.75 of 8
    for (const auto& s : bag) EXPECT_LT(std::stoi(s.substr(2)), 8) << s << " is not a training speaker";
    distinct.insert(bag);
  }
  EXPECT_GT(distinct.size(), 1u);  // the repeats leave out different speakers
  EXPECT_EQ(bags, speaker_bags(corpus(), first_files(24), 0.75, 4, 3));  // the same seed, the same bags
  EXPECT_NE(bags, speaker_bags(corpus(), first_files(24), 0.75, 4, 4));
}

TEST(SpeakerBags, EveryNetworkHearsEverySpeakerAtAShareOfOneAndAtLeastOneSpeakerBelow) {
  EXPECT_TRUE(speaker_bags(corpus(), first_files(24), 1.0, 3, 0).empty());
  const auto tiny = speaker_bags(corpus(), first_files(24), 0.01, 2, 0);
  ASSERT_EQ(tiny.size(), 2u);
  for (const auto& bag : tiny) EXPECT_EQ(bag.size(), 1u);
}

}  // namespace
}  // namespace ser::train
