// seremotionscope: the seremotion results a buffer carries (gstseremotionmeta.h), read into the
// windows of the timeline chart (lib/plot/timeline.h), on the axis of stream time in seconds.
#pragma once

#include <gst/gst.h>

#include <optional>

#include "plot/timeline.h"

namespace ser::element {

// Which of a result's numbers are drawn: the window's own, or the moving average the seremotion
// element adds when it smooths (smoothed-probabilities, smoothed-label, smoothed-confidence), where
// the result has them.
enum class ScopeValues { Raw, Smoothed };

// The window of one result structure (a meta's, or a "seremotion" message's: the same fields), or
// nullopt when it has no usable time or its numbers are not numbers (NaN, a probability per label
// missing): such a result is not drawn. Fields of newer elements (no-speech, trusted and its
// reasons, smoothed-*) are read when present. Label lists equal to the timeline's latest are shared.
std::optional<plot::TimelineWindow> read_result(const GstStructure* result, const plot::Timeline& timeline,
                                                ScopeValues values);

// Adds the results of every seremotion meta of `buffer` to `timeline`, in window order; returns
// how many were added and counts in `unusable` those read_result refused.
unsigned add_buffer_results(GstBuffer* buffer, plot::Timeline& timeline, ScopeValues values, unsigned& unusable);

}  // namespace ser::element
