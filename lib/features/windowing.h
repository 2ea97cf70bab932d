// seremotion: which windows of a stream or file are classified.
//
// One rule for the element, `ser-train predict --windows` and training, so that they see the same
// spans: windows of `window` samples start every `hop` samples while they fit in the audio; then a
// final partial window, from the next start to the end, when it holds samples that no window has
// covered yet and is at least half a window long. Audio shorter than one window is one partial
// window whatever its length (a short clip or stream still gets one result; the features pad it as
// the FeatureSpec says).
#pragma once

#include <cstddef>
#include <vector>

namespace ser::features {

// The lengths a classified window and the hop between windows may have, in seconds: the
// element's window-duration and hop-duration bounds, and those of a model bundle's window_seconds
// and hop_seconds and of `ser-train predict --window/--hop`. Below 10 ms a stream would be cut into
// a window every few samples; above a minute a window is no longer "what was just said".
constexpr double kMinWindowSeconds = 0.01;
constexpr double kMaxWindowSeconds = 60.0;

struct WindowSpan {
  size_t start = 0;   // first sample
  size_t length = 0;  // samples; < window only for the last (partial) window
};

// Throws ParameterError when window or hop is 0.
std::vector<WindowSpan> plan_windows(size_t n_samples, size_t window, size_t hop);

// Whether a partial window of `length` samples at the end of a stream is classified.
bool partial_window_counts(size_t length, size_t window);

}  // namespace ser::features
