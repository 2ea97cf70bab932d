// seremotion: bagging by speaker. An ensemble whose networks all train on the same speakers
// shares their voices' quirks; one whose repeats each leave some speakers out (as bootstrap
// aggregation, Breiman 1996, leaves out examples) spreads them, and its average carries further
// to voices none heard.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "data/utterance.h"

namespace ser::train {

// For each of `repeats` repeats, the speakers it trains on: a share `share` (in (0, 1]) of the
// speakers of the files `training` (indices into `utterances`), at least one, drawn from `seed`
// and the repeat. Empty when share is 1: every network trains on every speaker.
std::vector<std::set<std::string>> speaker_bags(const std::vector<data::Utterance>& utterances,
                                                const std::vector<size_t>& training, double share, int repeats,
                                                uint64_t seed);

}  // namespace ser::train
