#include "result_fields.h"

#include <string>
#include <vector>

#include "voice_parameters.h"

namespace ser::element {
namespace {

void set_string_array(GstStructure* s, const char* field, const std::vector<std::string>& values) {
  GValue array = G_VALUE_INIT;
  gst_value_array_init(&array, static_cast<guint>(values.size()));
  for (const auto& v : values) {
    GValue item = G_VALUE_INIT;
    g_value_init(&item, G_TYPE_STRING);
    g_value_set_string(&item, v.c_str());
    gst_value_array_append_and_take_value(&array, &item);
  }
  gst_structure_take_value(s, field, &array);
}

template <typename T>
void set_double_array(GstStructure* s, const char* field, const std::vector<T>& values) {
  GValue array = G_VALUE_INIT;
  gst_value_array_init(&array, static_cast<guint>(values.size()));
  for (const T v : values) {
    GValue item = G_VALUE_INIT;
    g_value_init(&item, G_TYPE_DOUBLE);
    g_value_set_double(&item, static_cast<double>(v));
    gst_value_array_append_and_take_value(&array, &item);
  }
  gst_structure_take_value(s, field, &array);
}

}  // namespace

void set_result_fields(GstStructure* s, const WindowResult& r) {
  gst_structure_set(s,
                    "timestamp", G_TYPE_UINT64, r.timing.pts,
                    "stream-time", G_TYPE_UINT64, r.timing.stream_time,
                    "running-time", G_TYPE_UINT64, r.timing.running_time,
                    "duration", G_TYPE_UINT64, r.timing.duration,
                    "window-index", G_TYPE_UINT64, r.timing.index,
                    "label", G_TYPE_STRING, r.label.c_str(),
                    "confidence", G_TYPE_DOUBLE, r.confidence,
                    "uncertain", G_TYPE_BOOLEAN, r.uncertain ? TRUE : FALSE,
                    "silence", G_TYPE_BOOLEAN, r.check.verdict == vad::Verdict::Silence ? TRUE : FALSE,
                    "no-speech", G_TYPE_BOOLEAN, r.check.verdict == vad::Verdict::NoSpeech ? TRUE : FALSE,
                    "speech-share", G_TYPE_DOUBLE, r.check.speech_share,
                    "voiced-rescue", G_TYPE_BOOLEAN, r.check.voiced_rescue ? TRUE : FALSE,
                    "rms", G_TYPE_DOUBLE, r.check.rms_db,
                    "trusted", G_TYPE_BOOLEAN, r.check.trusted() ? TRUE : FALSE,
                    "little-speech", G_TYPE_BOOLEAN, r.check.little_speech ? TRUE : FALSE,
                    "low-level", G_TYPE_BOOLEAN, r.check.low_level ? TRUE : FALSE,
                    "clipped", G_TYPE_BOOLEAN, r.check.clipped ? TRUE : FALSE,
                    "resets", G_TYPE_UINT64, static_cast<guint64>(r.timing.discards.resets),
                    "discarded", G_TYPE_UINT64, static_cast<guint64>(r.timing.discards.duration),
                    nullptr);
  set_string_array(s, "labels", r.labels);
  set_double_array(s, "probabilities", r.probabilities);
  gst_structure_set(s,
                    "smoothed-label", G_TYPE_STRING, r.smoothed_label.c_str(),
                    "smoothed-confidence", G_TYPE_DOUBLE, r.smoothed_confidence,
                    nullptr);
  set_double_array(s, "smoothed-probabilities", r.smoothed_probabilities);
  if (r.live) gst_structure_set(s, "dropped", G_TYPE_UINT64, static_cast<guint64>(r.dropped), nullptr);
  if (r.voice) set_voice_field(s, *r.voice);
}

GstMessage* new_result_message(GstObject* src, const WindowResult& result) {
  GstStructure* s = gst_structure_new_empty(kResultMessageName);
  set_result_fields(s, result);
  return gst_message_new_element(src, s);
}

GstMessage* new_summary_message(GstObject* src, const EmotionSummary& summary, const Discards& discards, bool live,
                                std::uint64_t dropped) {
  GstStructure* s = gst_structure_new(kSummaryMessageName,
                                      "windows", G_TYPE_UINT64, static_cast<guint64>(summary.windows()),
                                      "uncertain", G_TYPE_UINT64, static_cast<guint64>(summary.uncertain()),
                                      "untrusted", G_TYPE_UINT64, static_cast<guint64>(summary.untrusted()),
                                      "rescued", G_TYPE_UINT64, static_cast<guint64>(summary.rescued()),
                                      "dominant", G_TYPE_STRING, summary.dominant().c_str(),
                                      "resets", G_TYPE_UINT64, static_cast<guint64>(discards.resets),
                                      "discarded", G_TYPE_UINT64, static_cast<guint64>(discards.duration),
                                      nullptr);
  set_string_array(s, "labels", summary.labels());
  set_double_array(s, "shares", summary.shares());
  if (live) gst_structure_set(s, "dropped", G_TYPE_UINT64, static_cast<guint64>(dropped), nullptr);
  return gst_message_new_element(src, s);
}

}  // namespace ser::element
