#include "features/stream_windower.h"

#include <algorithm>
#include <string>

#include "common/error.h"

namespace ser::features {

StreamWindower::StreamWindower(std::size_t window, std::size_t hop) : window_(window), hop_(hop) {
  if (window == 0 || hop == 0) {
    throw ParameterError("window and hop must be > 0 samples (got window " + std::to_string(window) + ", hop " +
                         std::to_string(hop) + ")");
  }
  buffer_.reserve(window);
}

void StreamWindower::slide() {
  covered_to_ = start_ + window_;
  start_ += hop_;
  if (hop_ < window_) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(hop_));
  } else {
    buffer_.clear();
    skip_ = hop_ - window_;
  }
}

bool StreamWindower::partial_counts() const {
  // As plan_windows: the tail starts at start_ and runs to the last sample pushed; samples still
  // to skip mean the stream ended before the next window's start.
  // A stream with no complete window is one partial window however short.
  if (covered_to_ == 0) return !buffer_.empty();
  return skip_ == 0 && start_ + buffer_.size() > covered_to_ && partial_window_counts(buffer_.size(), window_);
}

std::size_t StreamWindower::unclassified() const {
  const std::size_t end = start_ + buffer_.size();
  const std::size_t from = std::max(start_, covered_to_);
  return skip_ == 0 && end > from ? end - from : 0;
}

void StreamWindower::reset() {
  buffer_.clear();
  start_ = 0;
  covered_to_ = 0;
  skip_ = 0;
  seen_ = 0;
}

}  // namespace ser::features
