// seremotion: class weights for the loss, so that a rare emotion counts as much as a common one.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ser::train {

// Inverse frequency, sklearn's compute_class_weight("balanced"): w_c = N / (K n_c) over the N
// targets and K classes, so that every class contributes the same total weight to the loss
// (N / K). A class with no example gets weight 0 (it has nothing to weigh). ParameterError when a
// target is outside [0, n_classes) or n_classes < 1.
std::vector<float> inverse_frequency_weights(const std::vector<int>& targets, size_t n_classes);

// Balance of training on several corpora:
//   Pairs    every (corpus, class) pair weighs the same in total, so a class that only some corpora
//            hold weighs less (in a corpus out of two: half);
//   Classes  every class weighs the same in total, shared equally by the corpora that hold it
//            (UA counts every class the same, whichever corpora taught it).
enum class CorpusBalance { Pairs, Classes };

// A weight per file from its corpus, its class and its number of windows (a file's windows share
// its weight); the weights average 1 over the windows. ParameterError when the three lists differ
// in length.
std::vector<float> corpus_balance_weights(const std::vector<std::string>& corpus, const std::vector<int>& target,
                                          const std::vector<size_t>& windows, CorpusBalance balance);

}  // namespace ser::train
