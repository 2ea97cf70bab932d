#include "train/runs/speaker_bags.h"

#include <algorithm>
#include <cmath>

#include "data/rng.h"
#include "train/inputs/content_hash.h"

namespace ser::train {
namespace {

// Salt that keeps the speakers drawn for a repeat apart from the network's own draws.
constexpr uint64_t kBagSalt = 0xBA65BA65ULL;

}  // namespace

std::vector<std::set<std::string>> speaker_bags(const std::vector<data::Utterance>& utterances,
                                                const std::vector<size_t>& training, double share, int repeats,
                                                uint64_t seed) {
  if (share >= 1.0) return {};
  std::set<std::string> all;
  for (size_t i : training) all.insert(utterances[i].speaker);
  const auto keep = std::max<size_t>(1, static_cast<size_t>(std::llround(share * double(all.size()))));
  std::vector<std::set<std::string>> bags;
  for (int r = 0; r < repeats; ++r) {
    std::vector<std::string> order(all.begin(), all.end());
    data::Rng rng(hash_combine(seed ^ kBagSalt, static_cast<uint64_t>(r)));
    rng.shuffle(order);
    bags.emplace_back(order.begin(), order.begin() + static_cast<long>(std::min(keep, order.size())));
  }
  return bags;
}

}  // namespace ser::train
