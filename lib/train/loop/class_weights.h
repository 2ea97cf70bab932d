// seremotion: class weights for the loss, so that a rare emotion counts as much as a common one.
#pragma once

#include <cstddef>
#include <vector>

namespace ser::train {

// Inverse frequency, sklearn's compute_class_weight("balanced"): w_c = N / (K n_c) over the N
// targets and K classes, so that every class contributes the same total weight to the loss
// (N / K). A class with no example gets weight 0 (it has nothing to weigh). ParameterError when a
// target is outside [0, n_classes) or n_classes < 1.
std::vector<float> inverse_frequency_weights(const std::vector<int>& targets, size_t n_classes);

}  // namespace ser::train
