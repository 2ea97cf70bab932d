#include "plot/timeline.h"

#include <utility>

namespace ser::plot {

void Timeline::add(TimelineWindow window) {
  if (!windows_.empty() && window.start < windows_.back().start) windows_.clear();
  windows_.push_back(std::move(window));
}

void Timeline::forget_before(double t) {
  while (!windows_.empty() && windows_.front().end() < t) windows_.pop_front();
}

LabelList Timeline::share_labels(const std::vector<std::string>& labels) const {
  for (auto it = windows_.rbegin(); it != windows_.rend(); ++it) {
    if (it->labels && *it->labels == labels) return it->labels;
    if (it->labels) break;  // only the latest list is worth sharing: a model swap makes a new one
  }
  return std::make_shared<const std::vector<std::string>>(labels);
}

}  // namespace ser::plot
