// seremotion: StreamWindower, plan_windows() for audio that arrives in pieces.
//
// The element sees a stream, not a file, yet must classify exactly the windows that
// plan_windows(n, window, hop) gives for the same n samples (windowing.h), so that the element and
// `ser-train predict --windows` agree. StreamWindower keeps the samples of the window being
// filled in one buffer of `window` samples (allocated once, in the constructor): each complete
// window is handed out as soon as its last sample arrives, then the buffer slides by the hop
// (hop < window keeps the overlap; hop > window skips the samples between windows). finish(), at
// the end of the stream, hands out the final partial window when plan_windows would have one.
//
// For any split of n samples into push() calls followed by finish(), the windows handed out are
// plan_windows(n, window, hop), in order, with the same samples.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "common/span.h"
#include "features/windowing.h"

namespace ser::features {

class StreamWindower {
 public:
  // window, hop: samples, > 0 each. Throws ParameterError otherwise.
  StreamWindower(std::size_t window, std::size_t hop);

  std::size_t window() const { return window_; }
  std::size_t hop() const { return hop_; }
  // Samples pushed since construction or the last reset.
  std::size_t samples_seen() const { return seen_; }
  // Where the next window starts: no window from now on holds an earlier sample.
  std::size_t next_start() const { return start_; }
  // Samples pushed that no window handed out has covered and that a later window (or the final
  // partial one) would have: the audio a reset() now drops unheard. Samples a hop longer than the
  // window skips by design do not count.
  std::size_t unclassified() const;

  // Appends `samples`, calling on_window(const WindowSpan&, FloatSpan) for each window they
  // complete; the span of samples is valid only during the call. Allocates nothing.
  template <typename OnWindow>
  void push(FloatSpan samples, OnWindow&& on_window);

  // The end of the stream: calls on_window for the final partial window when it holds samples
  // no window covered and is at least half a window (partial_window_counts), or when no window
  // was complete (a stream shorter than a window is one partial window), then resets.
  template <typename OnWindow>
  void finish(OnWindow&& on_window);

  // Forgets every sample: the next one pushed is sample 0 of a new stream.
  void reset();

 private:
  // After a complete window: the next one starts a hop later.
  void slide();
  bool partial_counts() const;

  std::size_t window_;
  std::size_t hop_;
  std::vector<float> buffer_;    // samples from start_ on, at most window_ of them
  std::size_t start_ = 0;        // stream position of buffer_[0], the next window's start
  std::size_t covered_to_ = 0;   // end of the last complete window
  std::size_t skip_ = 0;         // samples still to drop before start_ (hop > window)
  std::size_t seen_ = 0;
};

template <typename OnWindow>
void StreamWindower::push(FloatSpan samples, OnWindow&& on_window) {
  std::size_t i = 0;
  seen_ += samples.size();
  while (i < samples.size()) {
    if (skip_ > 0) {
      const std::size_t n = std::min(skip_, samples.size() - i);
      skip_ -= n;
      i += n;
      continue;
    }
    const std::size_t n = std::min(window_ - buffer_.size(), samples.size() - i);
    buffer_.insert(buffer_.end(), samples.data() + i, samples.data() + i + n);
    i += n;
    if (buffer_.size() == window_) {
      on_window(WindowSpan{start_, window_}, FloatSpan(buffer_));
      slide();
    }
  }
}

template <typename OnWindow>
void StreamWindower::finish(OnWindow&& on_window) {
  if (partial_counts()) on_window(WindowSpan{start_, buffer_.size()}, FloatSpan(buffer_));
  reset();
}

}  // namespace ser::features
