// seremotion: which augmented copies a fold trains on.
//
// Augmentation happens after the split and on training data only. This is where that is made
// structural: the plan is computed from a fold's TRAINING indices alone (what remains after the
// test fold and the validation part are taken out); validation and test indices are never passed
// here, so no validation or test file can be augmented, nor be heard in a training file's babble.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/utterance.h"
#include "train/augment/augmentation_params.h"
#include "train/inputs/content_hash.h"

namespace ser::train {

struct AugmentedCopy {
  size_t source = 0;           // index into the utterances of the training file copied
  int copy = 0;                // 0-based, < params.copies
  uint64_t seed = 0;           // what the copy looks like (audio_augmentation.h)
  std::vector<size_t> babble;  // indices of the training files mixed as its babble noise (babble only)
};

// The seed of copy `copy` of a file: from the run's seed, the file's content and the copy number,
// not from the fold, so the same copy is met (and read from the cache) in every fold that trains
// on the file.
uint64_t copy_seed(uint64_t run_seed, const ContentHash& content, int copy);

// params.copies copies of every training file (none when !params.enabled()), in the order of
// `training`, copy by copy. Babble noise takes params.babble_talkers other training files, of
// other speakers than the source's when the training part has enough of them, drawn with the
// copy's seed. `content` holds the fingerprint of every utterance (indexed like them).
std::vector<AugmentedCopy> plan_augmented_copies(const std::vector<data::Utterance>& utterances,
                                                 const std::vector<size_t>& training,
                                                 const std::vector<ContentHash>& content,
                                                 const AudioAugmentParams& params, uint64_t run_seed);

}  // namespace ser::train
