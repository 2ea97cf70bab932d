// seremotion: carving a validation part out of a fold's training files.
//
// Early stopping and model selection need data the model does not train on, and taking it from
// the test fold would leak the test into training decisions. So the validation part comes out of
// the fold's TRAINING indices only:
//   by speaker (for speaker-independent folds): whole speakers, so that validation speakers are
//     never heard in training; speakers in shuffled order join the validation part while each
//     brings its size closer to fraction x training files (at least one speaker, and at least
//     one is left for training);
//   stratified (otherwise): of every label, fraction x its files, by largest remainders so that
//     the total is round(fraction x training files), each label's files shuffled first.
// Reproducible from the seed on every platform (rng.h); pass a different seed per fold (e.g.
// seed + fold number) for independent draws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/folds.h"
#include "data/utterance.h"

namespace ser::data {

struct ValidationParams {
  double fraction = 0.1;  // share of the training files held out for validation, in (0, 1)
  bool by_speaker = false;  // whole speakers (true) or stratified by label (false)
  uint64_t seed = 0;

  // ParameterError naming fraction and its range.
  void validate() const;
  // by_speaker = is_speaker_independent(scheme): the validation split follows the folds' rule.
  static ValidationParams for_scheme(FoldScheme scheme, double fraction = 0.1, uint64_t seed = 0);
};

struct TrainValidation {
  std::vector<size_t> train;       // ascending, a subset of the fold's training indices
  std::vector<size_t> validation;  // ascending; train and validation partition the fold's training indices
  std::vector<std::string> validation_speakers;  // sorted, the speakers heard in validation
};

// ParameterError when the split would leave either part empty: fewer than two training speakers
// (by speaker), or round(fraction x files) of 0 or all (stratified).
TrainValidation split_validation(const std::vector<Utterance>& utterances, const std::vector<size_t>& train_indices,
                                 const ValidationParams& params);

}  // namespace ser::data
