#include "data/label_folding.h"

#include <algorithm>

namespace ser::data {

std::string fold_target(const std::string& label) { return label == "calm" ? "neutral" : ""; }

std::vector<int> label_folding(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  auto index_in_to = [&](const std::string& label) {
    const auto at = std::find(to.begin(), to.end(), label);
    return at == to.end() ? -1 : static_cast<int>(at - to.begin());
  };
  std::vector<int> out;
  out.reserve(from.size());
  for (const std::string& label : from) {
    int target = index_in_to(label);
    if (target < 0 && !fold_target(label).empty()) target = index_in_to(fold_target(label));
    out.push_back(target);
  }
  return out;
}

std::vector<float> fold_probabilities(const std::vector<float>& probabilities, const std::vector<int>& folding,
                                      size_t n_to) {
  std::vector<double> sum(n_to, 0.0);
  double total = 0.0;
  for (size_t i = 0; i < probabilities.size() && i < folding.size(); ++i) {
    if (folding[i] < 0) continue;
    sum[static_cast<size_t>(folding[i])] += probabilities[i];
    total += probabilities[i];
  }
  std::vector<float> out(n_to, 0.0f);
  if (total <= 0.0) return out;
  for (size_t j = 0; j < n_to; ++j) out[j] = static_cast<float>(sum[j] / total);
  return out;
}

}  // namespace ser::data
