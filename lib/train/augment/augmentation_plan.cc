#include "train/augment/augmentation_plan.h"

#include <algorithm>

#include "data/rng.h"

namespace ser::train {
namespace {

// Salt that keeps the babble draw apart from the copy's own draws made from the same seed.
constexpr uint64_t kBabbleSalt = 0xB4BB1E5EEDULL;

// `count` distinct training files other than `source`, preferring other speakers.
std::vector<size_t> draw_babble(const std::vector<data::Utterance>& utterances, const std::vector<size_t>& training,
                                size_t source, int count, uint64_t seed) {
  std::vector<size_t> others;
  std::vector<size_t> same_speaker;
  for (size_t i : training) {
    if (i == source) continue;
    (utterances[i].speaker != utterances[source].speaker ? others : same_speaker).push_back(i);
  }
  data::Rng rng(hash_combine(seed, kBabbleSalt));
  rng.shuffle(others);
  rng.shuffle(same_speaker);
  others.insert(others.end(), same_speaker.begin(), same_speaker.end());
  others.resize(std::min(others.size(), static_cast<size_t>(count)));
  return others;
}

}  // namespace

uint64_t copy_seed(uint64_t run_seed, const ContentHash& content, int copy) {
  return hash_combine(hash_combine(hash_combine(run_seed, content.hash), content.size), static_cast<uint64_t>(copy));
}

std::vector<AugmentedCopy> plan_augmented_copies(const std::vector<data::Utterance>& utterances,
                                                 const std::vector<size_t>& training,
                                                 const std::vector<ContentHash>& content,
                                                 const AudioAugmentParams& params, uint64_t run_seed) {
  std::vector<AugmentedCopy> plan;
  if (!params.enabled()) return plan;
  const bool babble = params.noise && params.noise_kind == NoiseKind::Babble;
  plan.reserve(training.size() * static_cast<size_t>(params.copies));
  for (int c = 0; c < params.copies; ++c) {
    for (size_t i : training) {
      AugmentedCopy copy{i, c, copy_seed(run_seed, content.at(i), c), {}};
      if (babble) copy.babble = draw_babble(utterances, training, i, params.babble_talkers, copy.seed);
      plan.push_back(std::move(copy));
    }
  }
  return plan;
}

}  // namespace ser::train
