// seremotion element: results as GStreamer structures, the same fields for the bus message and
// the meta (gstseremotionmeta.h lists them), and the summary message at EOS.
#pragma once

#include <gst/gst.h>

#include <cstdint>

#include "emotion_summary.h"
#include "window_analysis.h"

namespace ser::element {

constexpr const char* kResultMessageName = "seremotion";
constexpr const char* kSummaryMessageName = "seremotion-summary";

// Sets the fields of `result` on `s`, those gstseremotionmeta.h lists (timestamp, ..., the trust
// flags, labels, probabilities, the smoothed-* fields, resets, discarded, dropped when live, and
// voice with voice parameters).
void set_result_fields(GstStructure* s, const WindowResult& result);

// The element message "seremotion" of one window.
GstMessage* new_result_message(GstObject* src, const WindowResult& result);

// The element message "seremotion-summary" at EOS: windows, uncertain, untrusted, rescued, labels (the
// model's, then "silence" and "no-speech"), shares (gdouble per label), dominant, resets,
// discarded, and dropped when live.
GstMessage* new_summary_message(GstObject* src, const EmotionSummary& summary, const Discards& discards, bool live,
                                std::uint64_t dropped);

}  // namespace ser::element
