#include "features/windowing.h"

#include <string>

#include "common/error.h"

namespace ser::features {

bool partial_window_counts(size_t length, size_t window) { return length > 0 && 2 * length >= window; }

std::vector<WindowSpan> plan_windows(size_t n_samples, size_t window, size_t hop) {
  if (window == 0 || hop == 0) {
    throw ParameterError("window and hop must be > 0 samples (got window " + std::to_string(window) + ", hop " +
                         std::to_string(hop) + ")");
  }
  std::vector<WindowSpan> spans;
  if (n_samples == 0) return spans;
  size_t start = 0;
  size_t covered_to = 0;
  for (; start + window <= n_samples; start += hop) {
    spans.push_back({start, window});
    covered_to = start + window;
  }
  const bool short_audio = spans.empty();
  if (start < n_samples && covered_to < n_samples &&
      (partial_window_counts(n_samples - start, window) || short_audio)) {
    spans.push_back({start, n_samples - start});
  }
  return spans;
}

}  // namespace ser::features
