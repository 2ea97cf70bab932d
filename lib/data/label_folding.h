// seremotion: reading one set of labels on a corpus that has another (cross-corpus evaluation).
//
// A model trained on some labels is scored on a corpus with other classes, as the held-out and
// leave-one-corpus-out protocols do. Each label counts for the class of the same name when the
// other side has it; a label the other side lacks counts for its fold target when the other side
// has that (calm -> neutral: RAVDESS's calm is a low-arousal neutral, the usual practice of
// cross-corpus work); any other label is dropped. The same rule reads a model's outputs on a test
// corpus and a test corpus's own labels on a model that never learnt them.
#pragma once

#include <string>
#include <vector>

namespace ser::data {

// The label that `label` counts for on a side that lacks it, or "" when there is none.
std::string fold_target(const std::string& label);

// For each label of `from`, the index in `to` of the label it counts for (itself, else its fold
// target), or -1 when it is dropped.
std::vector<int> label_folding(const std::vector<std::string>& from, const std::vector<std::string>& to);

// Probabilities over `from` labels read as probabilities over `to` labels by `folding`
// (label_folding(from, to)): each kept label's probability is added to its target, then the row is
// renormalised to sum 1 (all 0 when every label with mass was dropped).
std::vector<float> fold_probabilities(const std::vector<float>& probabilities, const std::vector<int>& folding,
                                      size_t n_to);

}  // namespace ser::data
