#include "train/loop/class_weights.h"

#include <string>

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

}  // namespace ser::train
