#include "train/loop/class_weights.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/error.h"

namespace ser::train {

std::vector<float> inverse_frequency_weights(const std::vector<int>& targets, size_t n_classes) {
  if (n_classes < 1) throw ParameterError("class weights: n_classes must be >= 1");
  std::vector<size_t> counts(n_classes, 0);
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] < 0 || static_cast<size_t>(targets[i]) >= n_classes) {
      throw ParameterError("class weights: target " + std::to_string(i) + " is " + std::to_string(targets[i]) +
                           ", outside [0, " + std::to_string(n_classes) + ")");
    }
    ++counts[static_cast<size_t>(targets[i])];
  }
  std::vector<float> w(n_classes, 0.0f);
  for (size_t c = 0; c < n_classes; ++c) {
    if (counts[c] > 0) w[c] = static_cast<float>(double(targets.size()) / (double(n_classes) * double(counts[c])));
  }
  return w;
}

std::vector<float> corpus_balance_weights(const std::vector<std::string>& corpus, const std::vector<int>& target,
                                          const std::vector<size_t>& windows, CorpusBalance balance) {
  if (corpus.size() != target.size() || windows.size() != target.size()) {
    throw ParameterError("corpus balance: " + std::to_string(corpus.size()) + " corpora, " +
                         std::to_string(target.size()) + " targets and " + std::to_string(windows.size()) +
                         " window counts for the same files");
  }
  std::map<std::pair<std::string, int>, size_t> pair_windows;
  std::map<int, std::set<std::string>> corpora_of_class;
  size_t total = 0;
  for (size_t f = 0; f < target.size(); ++f) {
    pair_windows[{corpus[f], target[f]}] += windows[f];
    corpora_of_class[target[f]].insert(corpus[f]);
    total += windows[f];
  }
  std::vector<float> weights(target.size(), 0.0f);
  for (size_t f = 0; f < target.size(); ++f) {
    const double n = double(pair_windows[{corpus[f], target[f]}]);
    // Each pair's share of the total is 1 / parts: the pairs, or the classes times the corpora
    // holding this one.
    const double parts = balance == CorpusBalance::Pairs
                             ? double(pair_windows.size())
                             : double(corpora_of_class.size()) * double(corpora_of_class[target[f]].size());
    if (n > 0) weights[f] = static_cast<float>(double(total) / (parts * n));
  }
  return weights;
}

}  // namespace ser::train
