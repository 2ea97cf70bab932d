#include "result_smoother.h"

#include <algorithm>
#include <cmath>

namespace ser::element {

void ResultSmoother::reset() {
  average_.clear();
  last_offset_ = GST_CLOCK_TIME_NONE;
}

void ResultSmoother::apply(WindowResult& r, GstClockTime tau) {
  if (!r.classified()) return;
  const bool restart = tau == 0 || average_.size() != r.probabilities.size() ||
                       !GST_CLOCK_TIME_IS_VALID(last_offset_) || r.timing.offset <= last_offset_;
  if (restart) {
    average_.assign(r.probabilities.begin(), r.probabilities.end());
  } else {
    const double dt = static_cast<double>(r.timing.offset - last_offset_);
    const double alpha = 1.0 - std::exp(-dt / static_cast<double>(tau));
    for (std::size_t i = 0; i < average_.size(); ++i) average_[i] += alpha * (r.probabilities[i] - average_[i]);
  }
  last_offset_ = r.timing.offset;
  r.smoothed_probabilities.assign(average_.begin(), average_.end());
  const auto best = std::max_element(average_.begin(), average_.end());
  r.smoothed_label = r.labels[static_cast<std::size_t>(best - average_.begin())];
  r.smoothed_confidence = *best;
}

}  // namespace ser::element
