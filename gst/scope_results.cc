#include "scope_results.h"

#include <cmath>
#include <string>
#include <vector>

#include "gstseremotionmeta.h"

namespace ser::element {
namespace {

double seconds(guint64 ns) { return static_cast<double>(ns) / GST_SECOND; }

bool flag(const GstStructure* s, const char* field) {
  gboolean v = FALSE;
  return gst_structure_get_boolean(s, field, &v) && v;
}

// The strings of a GstValueArray field; false when it is not one.
bool strings(const GstStructure* s, const char* field, std::vector<std::string>& out) {
  const GValue* v = gst_structure_get_value(s, field);
  if (v == nullptr || !GST_VALUE_HOLDS_ARRAY(v)) return false;
  out.clear();
  for (guint i = 0; i < gst_value_array_get_size(v); ++i) {
    const GValue* item = gst_value_array_get_value(v, i);
    if (!G_VALUE_HOLDS_STRING(item) || g_value_get_string(item) == nullptr) return false;
    out.emplace_back(g_value_get_string(item));
  }
  return true;
}

// The finite numbers of a GstValueArray field of doubles; false when it is not one or one is not
// a number.
bool numbers(const GstStructure* s, const char* field, std::vector<double>& out) {
  const GValue* v = gst_structure_get_value(s, field);
  if (v == nullptr || !GST_VALUE_HOLDS_ARRAY(v)) return false;
  out.clear();
  for (guint i = 0; i < gst_value_array_get_size(v); ++i) {
    const GValue* item = gst_value_array_get_value(v, i);
    if (!G_VALUE_HOLDS_DOUBLE(item) || !std::isfinite(g_value_get_double(item))) return false;
    out.push_back(g_value_get_double(item));
  }
  return true;
}

// Why a classified window deserves less trust, from the flags of a newer element; empty when it is
// trusted or the element does not say.
std::string distrust(const GstStructure* s) {
  gboolean trusted = TRUE;
  if (!gst_structure_get_boolean(s, "trusted", &trusted) || trusted) return {};
  std::string why;
  for (const char* reason : {"little-speech", "low-level", "clipped"}) {
    if (!flag(s, reason)) continue;
    std::string words = reason;
    for (char& c : words) c = c == '-' ? ' ' : c;
    why += (why.empty() ? "" : ", ") + words;
  }
  return why.empty() ? "untrusted" : why;
}

}  // namespace

std::optional<plot::TimelineWindow> read_result(const GstStructure* s, const plot::Timeline& timeline,
                                                ScopeValues values) {
  guint64 time = GST_CLOCK_TIME_NONE;
  guint64 duration = GST_CLOCK_TIME_NONE;
  if (!gst_structure_get_uint64(s, "stream-time", &time) || !GST_CLOCK_TIME_IS_VALID(time)) {
    if (!gst_structure_get_uint64(s, "timestamp", &time) || !GST_CLOCK_TIME_IS_VALID(time)) return std::nullopt;
  }
  if (!gst_structure_get_uint64(s, "duration", &duration) || !GST_CLOCK_TIME_IS_VALID(duration) || duration == 0) {
    return std::nullopt;
  }
  plot::TimelineWindow w;
  w.start = seconds(time);
  w.duration = seconds(duration);
  std::vector<std::string> labels;
  if (!strings(s, "labels", labels)) return std::nullopt;
  w.labels = timeline.share_labels(labels);
  if (flag(s, "silence")) {
    w.verdict = plot::Verdict::Silence;
  } else if (flag(s, "no-speech")) {
    w.verdict = plot::Verdict::NoSpeech;
  }
  const bool smoothed = values == ScopeValues::Smoothed && gst_structure_has_field(s, "smoothed-probabilities");
  const char* label_field = smoothed ? "smoothed-label" : "label";
  const char* confidence_field = smoothed ? "smoothed-confidence" : "confidence";
  const gchar* label = gst_structure_get_string(s, label_field);
  w.label = label != nullptr ? label : "";
  if (!gst_structure_get_double(s, confidence_field, &w.confidence) || !std::isfinite(w.confidence)) {
    return std::nullopt;
  }
  w.uncertain = flag(s, "uncertain");
  if (!w.classified()) return w;
  if (!numbers(s, smoothed ? "smoothed-probabilities" : "probabilities", w.probabilities) ||
      w.probabilities.size() != labels.size() || labels.empty()) {
    return std::nullopt;
  }
  w.distrust = distrust(s);
  return w;
}

unsigned add_buffer_results(GstBuffer* buffer, plot::Timeline& timeline, ScopeValues values, unsigned& unusable) {
  unsigned added = 0;
  gpointer state = nullptr;
  while (GstCustomMeta* meta = gst_buffer_iterate_seremotion_meta(buffer, &state)) {
    auto window = read_result(gst_seremotion_meta_get_structure(meta), timeline, values);
    if (!window) {
      ++unusable;
      continue;
    }
    timeline.add(std::move(*window));
    ++added;
  }
  return added;
}

}  // namespace ser::element
