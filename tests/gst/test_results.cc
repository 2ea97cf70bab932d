// What each window's result says, as message and meta: fields, the silence gate, min-confidence,
// NaN input, the summary at EOS, and the read-only properties.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include <nlohmann/json.hpp>

#include "element_test_support.h"
#include "gstseremotionmeta.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;
const std::vector<std::string> kLabels{"angry", "calm", "happy", "sad"};

std::string results_model() { return write_test_model("results.sermodel"); }

TEST(Results, MessagesCarryEveryFieldWithItsType) {
  Harness h(make_element(results_model()), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(voice(8000, kRate), 1, 1000, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 3u);
  for (const GstStructure* s : got) {
    EXPECT_EQ(strings_field(s, "labels"), kLabels);
    const auto p = doubles_field(s, "probabilities");
    ASSERT_EQ(p.size(), kLabels.size());
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-5);
    const auto top = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    EXPECT_EQ(string_field(s, "label"), kLabels[top]);
    EXPECT_DOUBLE_EQ(double_field(s, "confidence"), p[top]);
    EXPECT_FALSE(bool_field(s, "uncertain"));
    EXPECT_FALSE(bool_field(s, "silence"));
    EXPECT_GT(double_field(s, "rms"), -30.0);
    EXPECT_LT(double_field(s, "rms"), -5.0);
    EXPECT_EQ(uint64_field(s, "duration"), GST_SECOND / 2);
    uint64_field(s, "running-time");
    uint64_field(s, "stream-time");
    EXPECT_FALSE(bool_field(s, "no-speech"));
    EXPECT_EQ(double_field(s, "speech-share"), 1.0);  // vad=level: no VAD, a window heard counts as speech
    EXPECT_TRUE(bool_field(s, "trusted"));
    EXPECT_FALSE(bool_field(s, "little-speech"));
    EXPECT_FALSE(bool_field(s, "low-level"));
    EXPECT_FALSE(bool_field(s, "clipped"));
    // Not live: no smoothing by default, the smoothed fields are the raw ones.
    EXPECT_EQ(doubles_field(s, "smoothed-probabilities"), p);
    EXPECT_EQ(string_field(s, "smoothed-label"), string_field(s, "label"));
    EXPECT_EQ(double_field(s, "smoothed-confidence"), double_field(s, "confidence"));
    EXPECT_FALSE(gst_structure_has_field(s, "dropped"));  // live streams only
  }
}

TEST(Results, TheMetaHoldsTheSameAsTheMessage) {
  // One 2 s buffer holds seven complete windows: seven metas, in window order.
  Harness h(make_element(results_model()), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(voice(16000, kRate), 1, 16000, kRate), GST_FLOW_OK);
  const auto messages = h.take("seremotion");
  ASSERT_EQ(messages.size(), 7u);
  ASSERT_EQ(h.outputs().size(), 1u);
  GstBuffer* buffer = h.outputs()[0];
  gpointer state = nullptr;
  std::size_t i = 0;
  while (GstCustomMeta* m = gst_buffer_iterate_seremotion_meta(buffer, &state)) {
    ASSERT_LT(i, messages.size());
    const GstStructure* s = messages[i];
    EXPECT_EQ(gst_seremotion_meta_get_window_index(m), i);
    EXPECT_EQ(gst_seremotion_meta_get_timestamp(m), uint64_field(s, "timestamp"));
    EXPECT_EQ(gst_seremotion_meta_get_duration(m), uint64_field(s, "duration"));
    EXPECT_EQ(gst_seremotion_meta_get_running_time(m), uint64_field(s, "running-time"));
    EXPECT_EQ(gst_seremotion_meta_get_stream_time(m), uint64_field(s, "stream-time"));
    EXPECT_EQ(std::string(gst_seremotion_meta_get_label(m)), string_field(s, "label"));
    EXPECT_EQ(gst_seremotion_meta_get_confidence(m), double_field(s, "confidence"));
    EXPECT_EQ(gst_seremotion_meta_get_uncertain(m) != FALSE, bool_field(s, "uncertain"));
    EXPECT_EQ(gst_seremotion_meta_get_silence(m) != FALSE, bool_field(s, "silence"));
    EXPECT_EQ(gst_seremotion_meta_get_rms(m), double_field(s, "rms"));
    EXPECT_EQ(gst_seremotion_meta_get_no_speech(m) != FALSE, bool_field(s, "no-speech"));
    EXPECT_EQ(gst_seremotion_meta_get_speech_share(m), double_field(s, "speech-share"));
    EXPECT_EQ(gst_seremotion_meta_get_trusted(m) != FALSE, bool_field(s, "trusted"));
    EXPECT_EQ(gst_seremotion_meta_get_little_speech(m) != FALSE, bool_field(s, "little-speech"));
    EXPECT_EQ(gst_seremotion_meta_get_low_level(m) != FALSE, bool_field(s, "low-level"));
    EXPECT_EQ(gst_seremotion_meta_get_clipped(m) != FALSE, bool_field(s, "clipped"));
    EXPECT_EQ(std::string(gst_seremotion_meta_get_smoothed_label(m)), string_field(s, "smoothed-label"));
    EXPECT_EQ(gst_seremotion_meta_get_smoothed_confidence(m), double_field(s, "smoothed-confidence"));
    ASSERT_EQ(gst_seremotion_meta_get_n_labels(m), kLabels.size());
    const auto p = doubles_field(s, "probabilities");
    const auto smoothed = doubles_field(s, "smoothed-probabilities");
    for (guint k = 0; k < kLabels.size(); ++k) {
      EXPECT_EQ(std::string(gst_seremotion_meta_get_nth_label(m, k)), kLabels[k]);
      EXPECT_EQ(gst_seremotion_meta_get_nth_probability(m, k), p[k]);
      EXPECT_EQ(gst_seremotion_meta_get_nth_smoothed_probability(m, k), smoothed[k]);
    }
    EXPECT_EQ(gst_seremotion_meta_get_nth_label(m, 4), nullptr);
    EXPECT_TRUE(gst_structure_has_name(gst_seremotion_meta_get_structure(m), GST_SEREMOTION_META_NAME));
    ++i;
  }
  EXPECT_EQ(i, messages.size());
  EXPECT_EQ(gst_seremotion_meta_get_window_index(gst_buffer_get_seremotion_meta(buffer)), 0u);

  // Untagged and copied with the buffer: a converter that copies metas keeps it.
  GstBuffer* copy = gst_buffer_copy(buffer);
  GstCustomMeta* m = gst_buffer_get_seremotion_meta(copy);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(std::string(gst_seremotion_meta_get_label(m)), string_field(messages[0], "label"));
  const GstMetaInfo* info = gst_meta_get_info(GST_SEREMOTION_META_NAME);
  ASSERT_NE(info, nullptr);
  EXPECT_TRUE(gst_meta_info_is_custom(info));
  const gchar* const* tags = gst_meta_api_type_get_tags(info->api);
  EXPECT_TRUE(tags == nullptr || tags[0] == nullptr);
  gst_buffer_unref(copy);
}

TEST(Results, TheSilenceGateSkipsTheNetwork) {
  const auto speech = voice(4000, kRate);
  std::vector<float> audio(4000, 0.0f);  // window 0: digital silence
  for (float x : speech) audio.push_back(x * 0.001f);  // window 1: about -77 dBFS
  audio.insert(audio.end(), speech.begin(), speech.end());  // window 2: speech
  for (bool gate : {true, false}) {
    SCOPED_TRACE(gate ? "gate on" : "gate off");
    Harness h(make_element(results_model(), "window-duration", GST_SECOND / 2, "hop-duration", GST_SECOND / 2,
                           "silence-gate", gate, nullptr),
              audio_caps("F32LE", kRate, 1));
    ASSERT_EQ(h.push_f32(audio, 1, 500, kRate), GST_FLOW_OK);
    const auto got = h.take("seremotion");
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(double_field(got[0], "rms"), -200.0);
    EXPECT_NEAR(double_field(got[1], "rms"), double_field(got[2], "rms") - 60.0, 1e-3);
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(bool_field(got[i], "silence"), gate);
      if (gate) {
        EXPECT_EQ(string_field(got[i], "label"), "silence");
        EXPECT_EQ(double_field(got[i], "confidence"), 1.0);
        EXPECT_EQ(doubles_field(got[i], "probabilities"), std::vector<double>(4, 0.0));
      } else {
        EXPECT_NE(string_field(got[i], "label"), "silence");
      }
    }
    EXPECT_FALSE(bool_field(got[2], "silence"));
  }
  // The threshold moves: at -10 dBFS, the speech window is silence too.
  Harness h(make_element(results_model(), "window-duration", GST_SECOND / 2, "hop-duration", GST_SECOND / 2,
                         "silence-threshold", -10.0, nullptr),
            audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(speech, 1, 500, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(bool_field(got[0], "silence"));
}

TEST(Results, AGapBufferIsHeardAsSilence) {
  Harness h(make_element(results_model(), "window-duration", GST_SECOND / 2, "hop-duration", GST_SECOND / 2,
                         nullptr),
            audio_caps("F32LE", kRate, 1));
  const auto audio = voice(4000, kRate);  // loud, but flagged GAP
  GstBuffer* buffer = gst_buffer_new_memdup(audio.data(), audio.size() * sizeof(float));
  GST_BUFFER_PTS(buffer) = 0;
  GST_BUFFER_DURATION(buffer) = GST_SECOND / 2;
  GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_GAP);
  ASSERT_EQ(gst_harness_push(h.h(), buffer), GST_FLOW_OK);
  h.pull_all();
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(bool_field(got[0], "silence"));
  ASSERT_EQ(h.outputs().size(), 1u);
  EXPECT_TRUE(GST_BUFFER_FLAG_IS_SET(h.outputs()[0], GST_BUFFER_FLAG_GAP));  // passed on as it came
}

TEST(Results, BelowMinConfidenceIsUncertainNotDropped) {
  Harness h(make_element(results_model(), "min-confidence", 1.0, nullptr), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(voice(8000, kRate), 1, 1000, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 3u);
  for (const GstStructure* s : got) {
    EXPECT_TRUE(bool_field(s, "uncertain"));
    EXPECT_NE(string_field(s, "label"), "");
  }
}

TEST(Results, NanSamplesAreHeardAsZeroWithOneWarning) {
  auto audio = voice(12000, kRate);
  for (std::size_t i = 100; i < audio.size(); i += 997) audio[i] = std::nanf("");
  audio[5000] = INFINITY;
  Harness h(make_element(results_model()), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate), GST_FLOW_OK);
  EXPECT_EQ(h.take("seremotion").size(), 5u);
  const auto warnings = h.take_messages(GST_MESSAGE_WARNING);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(message_text(warnings[0]).find("NaN"), std::string::npos);
  // The audio passed on still holds them.
  GstMapInfo map;
  ASSERT_TRUE(gst_buffer_map(h.outputs()[0], &map, GST_MAP_READ));
  EXPECT_TRUE(std::isnan(reinterpret_cast<const float*>(map.data)[100]));
  gst_buffer_unmap(h.outputs()[0], &map);
}

TEST(Results, TheSummaryAtEosSharesTheWindowTime) {
  std::vector<float> audio(8000, 0.0f);  // 1 s of silence, then 2 s of speech
  const auto speech = voice(16000, kRate);
  audio.insert(audio.end(), speech.begin(), speech.end());
  Harness h(make_element(results_model(), "window-duration", GST_SECOND / 2, "hop-duration", GST_SECOND / 2,
                         nullptr),
            audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate), GST_FLOW_OK);
  h.eos();
  const auto windows = h.take("seremotion");
  ASSERT_EQ(windows.size(), 6u);
  const auto summary = h.take("seremotion-summary");
  ASSERT_EQ(summary.size(), 1u);
  const GstStructure* s = summary[0];
  EXPECT_EQ(uint64_field(s, "windows"), 6u);
  EXPECT_EQ(uint64_field(s, "uncertain"), 0u);
  auto labels = kLabels;
  labels.push_back("silence");
  labels.push_back("no-speech");
  EXPECT_EQ(strings_field(s, "labels"), labels);
  const auto shares = doubles_field(s, "shares");
  ASSERT_EQ(shares.size(), 6u);
  EXPECT_NEAR(shares[4], 2.0 / 6.0, 1e-9);
  EXPECT_EQ(shares[5], 0.0);
  // Each label's share is its count of windows (all 0.5 s long) over six.
  for (std::size_t k = 0; k < kLabels.size(); ++k) {
    std::size_t count = 0;
    for (const GstStructure* w : windows) count += string_field(w, "label") == kLabels[k];
    EXPECT_NEAR(shares[k], count / 6.0, 1e-9) << kLabels[k];
  }
  const auto best = std::max_element(shares.begin(), shares.begin() + 4) - shares.begin();
  EXPECT_EQ(string_field(s, "dominant"), kLabels[static_cast<std::size_t>(best)]);
  EXPECT_FALSE(gst_structure_has_field(s, "dropped"));
}

TEST(Results, PostMessagesOffKeepsTheMetas) {
  Harness h(make_element(results_model(), "post-messages", FALSE, nullptr), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(voice(8000, kRate), 1, 8000, kRate), GST_FLOW_OK);
  h.eos();
  EXPECT_TRUE(h.take("seremotion").empty());
  EXPECT_TRUE(h.take("seremotion-summary").empty());
  ASSERT_EQ(h.outputs().size(), 1u);
  EXPECT_EQ(gst_buffer_get_n_meta(h.outputs()[0], gst_meta_get_info(GST_SEREMOTION_META_NAME)->api), 3u);
}

TEST(Results, LabelsAndModelInfoDescribeTheLoadedModel) {
  GstElement* e = make_element(results_model());
  gchar** labels = nullptr;
  gchar* info = nullptr;
  g_object_get(e, "labels", &labels, "model-info", &info, nullptr);
  EXPECT_EQ(labels, nullptr);  // nothing loaded before READY
  EXPECT_EQ(info, nullptr);
  ASSERT_EQ(gst_element_set_state(e, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  g_object_get(e, "labels", &labels, "model-info", &info, nullptr);
  ASSERT_NE(labels, nullptr);
  ASSERT_EQ(g_strv_length(labels), kLabels.size());
  for (std::size_t k = 0; k < kLabels.size(); ++k) EXPECT_EQ(labels[k], kLabels[k]);
  const auto json = nlohmann::json::parse(info);
  EXPECT_EQ(json.at("location"), write_test_model("results.sermodel"));
  EXPECT_EQ(json.at("device"), "cpu");
  EXPECT_EQ(json.at("metadata").at("sample_rate"), kRate);
  EXPECT_EQ(json.at("metadata").at("architecture").at("name"), "logmel_cnn");
  g_strfreev(labels);
  g_free(info);
  gst_element_set_state(e, GST_STATE_NULL);
  gst_object_unref(e);
}

TEST(Results, ClippedAudioIsMarkedAndCounted) {
  auto audio = voice(8000, kRate);
  for (std::size_t i = 4000; i < 8000; ++i) audio[i] = std::max(-1.0f, std::min(1.0f, audio[i] * 20));
  Harness h(make_element(results_model(), "window-duration", GST_SECOND / 2, "hop-duration",
                         GST_SECOND / 2, nullptr),
            audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate), GST_FLOW_OK);
  h.eos();
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_FALSE(bool_field(got[0], "clipped"));
  EXPECT_TRUE(bool_field(got[0], "trusted"));
  EXPECT_TRUE(bool_field(got[1], "clipped"));
  EXPECT_FALSE(bool_field(got[1], "trusted"));
  const auto summary = h.take("seremotion-summary");
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(uint64_field(summary[0], "untrusted"), 1u);
  EXPECT_EQ(uint64_field(summary[0], "rescued"), 0u);  // clipped, not given back by the rescue
}

TEST(Results, TheSummaryOfAStreamWithoutWindowsListsTheLabels) {
  Harness h(make_element(results_model()), audio_caps("F32LE", kRate, 1));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  h.push_event(gst_event_new_segment(&segment));
  h.eos();
  const auto summary = h.take("seremotion-summary");
  ASSERT_EQ(summary.size(), 1u);
  auto labels = kLabels;
  labels.push_back("silence");
  labels.push_back("no-speech");
  EXPECT_EQ(strings_field(summary[0], "labels"), labels);
  EXPECT_EQ(doubles_field(summary[0], "shares"), std::vector<double>(6, 0.0));
  EXPECT_EQ(uint64_field(summary[0], "windows"), 0u);
  EXPECT_EQ(string_field(summary[0], "dominant"), "");
}

}  // namespace
}  // namespace ser::gst_test
