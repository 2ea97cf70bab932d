// Voice activity in the element: Silero on real speech and noise (the shares ser-train predict's
// rule gives, whatever the buffers), the reset with the windowing, the VAD's errors, upstream
// flags, the level and off modes.
#include <gtest/gtest.h>

#include <gst/audio/audio.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "common/shared_data.h"
#include "common/signals.h"
#include "corpus_audio.h"
#include "element_test_support.h"
#include "features/windowing.h"
#include "nn/classifier.h"
#include "vad/clip_activity.h"
#include "vad/speech_trim.h"
#include "vad/vad_model.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;
constexpr int kVadRate = 16000;
const std::vector<std::string> kLabels{"angry", "calm", "happy", "sad"};

std::string model_16k() {
  TestModel m;
  m.sample_rate = kVadRate;
  m.window_seconds = 1.0;
  m.hop_seconds = 0.5;
  return write_test_model("vad-16k.sermodel", m);
}

// Noise, a RAVDESS utterance, noise: 2 + 3.5 + 2 s at 16 kHz.
std::vector<float> noise_speech_noise() {
  std::vector<float> y = test::noise(2 * kVadRate, test::NoiseColour::White, -30.0, 11);
  const auto speech = corpus_audio("ravdess/Actor_01/03-01-05-02-01-01-01.flac", kVadRate);
  y.insert(y.end(), speech.begin(), speech.end());
  const auto tail = test::noise(2 * kVadRate, test::NoiseColour::Brown, -35.0, 12);
  y.insert(y.end(), tail.begin(), tail.end());
  return y;
}

struct Window {
  double share;
  bool no_speech;
  std::string label;
};

std::vector<Window> run_silero(const std::vector<float>& audio, std::size_t frames_per_buffer) {
  Harness h(make_element(model_16k(), "vad", 0 /* silero */, nullptr), audio_caps("F32LE", kVadRate, 1));
  EXPECT_EQ(h.push_f32(audio, 1, frames_per_buffer, kVadRate), GST_FLOW_OK);
  h.eos();
  EXPECT_TRUE(h.take_messages(GST_MESSAGE_ERROR).empty());
  std::vector<Window> out;
  for (const GstStructure* s : h.take("seremotion")) {
    out.push_back({double_field(s, "speech-share"), bool_field(s, "no-speech"), string_field(s, "label")});
  }
  return out;
}

// A strong angry take Silero hears almost nothing of (docs/element.md, the voicing rescue): with
// voicing-rescue (the default) its voiced windows are classified and say so; without, held.
TEST(Vad, VoicingRescueHearsTheShoutsSileroMisses) {
  SER_REQUIRE_DATA();
  const auto shout = corpus_audio("ravdess/Actor_06/03-01-05-02-02-01-06.flac", kVadRate);
  for (gboolean rescue : std::initializer_list<gboolean>{TRUE, FALSE}) {
    Harness h(make_element(model_16k(), "vad", 0 /* silero */, "voicing-rescue", rescue, nullptr),
              audio_caps("F32LE", kVadRate, 1));
    EXPECT_EQ(h.push_f32(shout, 1, 1000, kVadRate), GST_FLOW_OK);
    h.eos();
    EXPECT_TRUE(h.take_messages(GST_MESSAGE_ERROR).empty());
    std::size_t low_share = 0, rescued = 0;
    for (const GstStructure* s : h.take("seremotion")) {
      if (double_field(s, "speech-share") >= 0.1) continue;
      ++low_share;
      const bool voiced = bool_field(s, "voiced-rescue");
      rescued += voiced;
      EXPECT_EQ(bool_field(s, "no-speech"), !voiced);
      if (voiced) {
        EXPECT_TRUE(bool_field(s, "little-speech"));
        EXPECT_FALSE(bool_field(s, "trusted"));
        EXPECT_NE(std::find(kLabels.begin(), kLabels.end(), string_field(s, "label")), kLabels.end());
      }
    }
    EXPECT_GE(low_share, 4u) << "Silero hears this shout now; pick another";
    // The summary counts the windows given back, among the untrusted ones.
    const auto summary = h.take("seremotion-summary");
    ASSERT_EQ(summary.size(), 1u);
    EXPECT_EQ(uint64_field(summary[0], "rescued"), rescued);
    EXPECT_GE(uint64_field(summary[0], "untrusted"), rescued);
    if (rescue) {
      // Windows of 1 s: those over the take's leading and trailing silence stay held (5 of 8 rescued).
      EXPECT_GE(rescued, low_share / 2) << "voicing-rescue=TRUE";
    } else {
      EXPECT_EQ(rescued, 0u) << "voicing-rescue=FALSE";
    }
  }
}

TEST(Vad, SileroHoldsNoiseAndHearsSpeechWithPredictsShares) {
  SER_REQUIRE_DATA();
  const auto audio = noise_speech_noise();
  const auto got = run_silero(audio, 1000);
  // The shares ser-train predict finds: the whole clip at once, the element's rule.
  vad::SileroVad vad(vad::load_silero_weights(vad::vad_model_path()));
  std::vector<float> p;
  const auto timeline = vad::clip_timeline(vad, FloatSpan(audio), p);
  const auto spans = features::plan_windows(audio.size(), kVadRate, kVadRate / 2);
  ASSERT_EQ(got.size(), spans.size());
  std::size_t noise_windows = 0, speech_windows = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& w = spans[i];
    EXPECT_EQ(got[i].share, timeline.share(w.start, w.start + w.length, vad::seen_at(w, kVadRate), 0.5)) << i;
    EXPECT_EQ(got[i].no_speech, got[i].share < 0.1) << i;
    EXPECT_EQ(got[i].label == "no-speech", got[i].no_speech) << i;
    const bool in_noise = w.start + w.length <= 2u * kVadRate || w.start >= audio.size() - 2u * kVadRate;
    if (in_noise) {
      ++noise_windows;
      EXPECT_TRUE(got[i].no_speech) << "noise window " << i << " share " << got[i].share;
    }
    // The utterance's middle (it starts about 0.9 s into the clip).
    if (w.start >= 3u * kVadRate && w.start + w.length <= 4u * kVadRate + kVadRate / 2) {
      ++speech_windows;
      EXPECT_FALSE(got[i].no_speech) << "speech window " << i << " share " << got[i].share;
    }
  }
  EXPECT_GE(noise_windows, 5u);
  EXPECT_GE(speech_windows, 1u);
}

// A model trained on trimmed clips hears each classified window from its first speech to its
// last (vad::speech_part on the stream's timeline), live or not; the gates judge whole windows.
TEST(Vad, AModelTrainedOnTrimmedClipsHearsEachWindowsSpeech) {
  SER_REQUIRE_DATA();
  TestModel m;
  m.sample_rate = kVadRate;
  m.window_seconds = 1.0;
  m.hop_seconds = 0.5;
  m.speech_trim = true;
  const std::string path = write_test_model("vad-trim-16k.sermodel", m);
  const nn::Classifier model(path);
  const auto audio = noise_speech_noise();
  vad::SileroVad vad(vad::load_silero_weights(vad::vad_model_path()));
  std::vector<float> p;
  const auto timeline = vad::clip_timeline(vad, FloatSpan(audio), p);
  const auto spans = features::plan_windows(audio.size(), kVadRate, kVadRate / 2);
  for (const bool live : {false, true}) {
    // Room for every window: a live element that falls behind drops the oldest.
    Harness h(make_element(path, "vad", 0 /* silero */, "max-pending", 64u, nullptr),
              audio_caps("F32LE", kVadRate, 1), live);
    ASSERT_EQ(h.push_f32(audio, 1, 1000, kVadRate), GST_FLOW_OK);
    h.eos();
    const auto got = h.take("seremotion");
    ASSERT_EQ(got.size(), spans.size());
    std::size_t trimmed = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
      if (bool_field(got[i], "no-speech") || bool_field(got[i], "silence")) continue;
      const auto& w = spans[i];
      ASSERT_EQ(uint64_field(got[i], "timestamp"), w.start * (GST_SECOND / kVadRate));
      const auto part = vad::speech_part(timeline, w.start, w.start + w.length, vad::seen_at(w, kVadRate), 0.5,
                                         kVadRate / 10);
      trimmed += part.end - part.begin < w.length;
      const Matrix expected = model.classify_audio({FloatSpan(audio.data() + part.begin, part.end - part.begin)});
      const auto probabilities = doubles_field(got[i], "probabilities");
      for (std::size_t k = 0; k < probabilities.size(); ++k) {
        EXPECT_NEAR(probabilities[k], expected(0, k), 1e-6) << (live ? "live " : "") << "window " << i;
      }
    }
    EXPECT_GE(trimmed, 2u);  // the windows at the utterance's start and end
  }
}

TEST(Vad, SharesDoNotDependOnTheBuffers) {
  SER_REQUIRE_DATA();
  const auto audio = noise_speech_noise();
  const auto a = run_silero(audio, 160);
  const auto b = run_silero(audio, 7919);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].share, b[i].share) << i;
}

TEST(Vad, TheVadRestartsWithTheWindowing) {
  SER_REQUIRE_DATA();
  const auto audio = noise_speech_noise();
  const std::vector<float> second(audio.begin() + 3 * kVadRate, audio.end());
  const auto fresh = run_silero(second, 1000);
  Harness h(make_element(model_16k(), "vad", 0, nullptr), audio_caps("F32LE", kVadRate, 1));
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 3 * kVadRate), 1, 1000, kVadRate),
            GST_FLOW_OK);
  h.take("seremotion");
  // A DISCONT restarts the windows and the VAD: what follows is judged as a new stream.
  ASSERT_EQ(h.push_f32(second, 1, 1000, kVadRate, 10 * GST_SECOND, /*discont=*/true), GST_FLOW_OK);
  h.eos();
  const auto after = h.take("seremotion");
  ASSERT_EQ(after.size(), fresh.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(double_field(after[i], "speech-share"), fresh[i].share);
}

// NULL -> READY with vad=silero and `location` as vad-location.
ReadyAttempt ready_with_vad(const char* location) {
  GstElement* element = make_element(model_16k(), "vad", 0, nullptr);
  if (location != nullptr) g_object_set(element, "vad-location", location, nullptr);
  return try_ready(element);
}

TEST(Vad, MissingOrDamagedWeightsFailReadyNamingTheFile) {
  const std::string missing = temp_path("no-such.weights");
  auto e = ready_with_vad(missing.c_str());
  EXPECT_EQ(e.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(e.domain, GST_RESOURCE_ERROR);
  EXPECT_EQ(e.code, GST_RESOURCE_ERROR_NOT_FOUND);
  EXPECT_TRUE(contains(e.text, missing)) << e.text;
  EXPECT_TRUE(contains(e.text, "vad-location")) << e.text;

  const std::string damaged = temp_path("damaged.weights");
  std::ofstream(damaged) << "SERVAD but not really";
  e = ready_with_vad(damaged.c_str());
  EXPECT_EQ(e.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(e.code, GST_RESOURCE_ERROR_OPEN_READ);
  EXPECT_TRUE(contains(e.text, damaged)) << e.text;

  // The default weights come from $SEREMOTION_VAD_MODEL when it is set, and only from there.
  setenv("SEREMOTION_VAD_MODEL", missing.c_str(), 1);
  e = ready_with_vad(nullptr);
  unsetenv("SEREMOTION_VAD_MODEL");
  EXPECT_EQ(e.ret, GST_STATE_CHANGE_FAILURE);
  EXPECT_EQ(e.code, GST_RESOURCE_ERROR_NOT_FOUND);
  EXPECT_TRUE(contains(e.text, missing)) << e.text;

  // The shipped weights (source tree) load.
  EXPECT_EQ(ready_with_vad(nullptr).ret, GST_STATE_CHANGE_SUCCESS);
}

TEST(Vad, SileroRefusesAModelAtAnotherRateOnce) {
  Harness h(make_element(write_test_model("vad-8k.sermodel"), "vad", 0, nullptr), audio_caps("F32LE", kRate, 1));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(h.push_f32(voice(800, kRate), 1, 100, kRate), GST_FLOW_NOT_NEGOTIATED);
  const auto errors = h.take_messages(GST_MESSAGE_ERROR);
  ASSERT_EQ(errors.size(), 1u);
  const std::string text = message_text(errors[0]);
  EXPECT_TRUE(contains(text, "vad=silero")) << text;
  EXPECT_TRUE(contains(text, "8000 Hz")) << text;
}

// Buffers of 0.1 s at 8 kHz, each with a GstAudioLevelMeta saying `flags[i]`, or none (-1).
void push_flagged(Harness& h, const std::vector<int>& flags) {
  const auto audio = voice(800 * flags.size(), kRate);
  for (std::size_t i = 0; i < flags.size(); ++i) {
    GstBuffer* b = gst_buffer_new_memdup(audio.data() + 800 * i, 800 * sizeof(float));
    GST_BUFFER_PTS(b) = i * GST_SECOND / 10;
    GST_BUFFER_DURATION(b) = GST_SECOND / 10;
    if (flags[i] >= 0) gst_buffer_add_audio_level_meta(b, 30, flags[i] != 0);
    ASSERT_EQ(gst_harness_push(h.h(), b), GST_FLOW_OK);
    h.pull_all();
  }
}

TEST(Vad, UpstreamFlagsMarkTheirBuffers) {
  Harness h(make_element(write_test_model("vad-8k.sermodel"), "vad", 2 /* upstream */, "window-duration",
                         GST_SECOND / 2, "hop-duration", GST_SECOND / 2, nullptr),
            audio_caps("F32LE", kRate, 1));
  // Window 0: speech; window 1: none; window 2: 1 of 5 buffers; window 3: a flag, then buffers
  // without the meta, which keep it (webrtcdsp flags only the buffers where the activity changes).
  push_flagged(h, {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, -1, -1, -1, -1});
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(double_field(got[0], "speech-share"), 1.0);
  EXPECT_FALSE(bool_field(got[0], "no-speech"));
  EXPECT_EQ(double_field(got[1], "speech-share"), 0.0);
  EXPECT_TRUE(bool_field(got[1], "no-speech"));
  EXPECT_EQ(string_field(got[1], "label"), "no-speech");
  EXPECT_EQ(doubles_field(got[1], "probabilities"), std::vector<double>(4, 0.0));
  EXPECT_DOUBLE_EQ(double_field(got[1], "confidence"), 1.0);
  EXPECT_NEAR(double_field(got[2], "speech-share"), 0.2, 1e-12);
  EXPECT_FALSE(bool_field(got[2], "no-speech"));
  EXPECT_FALSE(bool_field(got[2], "trusted"));  // classified on a little speech: marked
  EXPECT_TRUE(bool_field(got[2], "little-speech"));
  EXPECT_EQ(double_field(got[3], "speech-share"), 1.0);
  h.eos();
  EXPECT_TRUE(h.take_messages(GST_MESSAGE_WARNING).empty());  // flags came: nothing to say
}

TEST(Vad, UpstreamWithoutAnyFlagSaysSoAtTheEnd) {
  Harness h(make_element(write_test_model("vad-8k.sermodel"), "vad", 2 /* upstream */, "window-duration",
                         GST_SECOND / 2, "hop-duration", GST_SECOND / 2, nullptr),
            audio_caps("F32LE", kRate, 1));
  push_flagged(h, {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
  EXPECT_TRUE(h.take_messages(GST_MESSAGE_WARNING).empty());  // a flag may still come
  h.eos();
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 2u);
  for (const GstStructure* s : got) EXPECT_TRUE(bool_field(s, "no-speech"));
  const auto warnings = h.take_messages(GST_MESSAGE_WARNING);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(message_text(warnings[0]), "GstAudioLevelMeta")) << message_text(warnings[0]);
}

TEST(Vad, LevelAndOffModes) {
  auto quiet_then_loud = voice(8000, kRate);
  for (std::size_t i = 0; i < 4000; ++i) quiet_then_loud[i] *= 1e-4f;  // about -97 dBFS
  {
    Harness h(make_element(write_test_model("vad-8k.sermodel"), "window-duration", GST_SECOND / 2, "hop-duration",
                           GST_SECOND / 2, nullptr),
              audio_caps("F32LE", kRate, 1));
    ASSERT_EQ(h.push_f32(quiet_then_loud, 1, 1000, kRate), GST_FLOW_OK);
    const auto got = h.take("seremotion");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(bool_field(got[0], "silence"));
    EXPECT_EQ(double_field(got[0], "speech-share"), 0.0);
    EXPECT_FALSE(bool_field(got[1], "silence"));
    EXPECT_EQ(double_field(got[1], "speech-share"), 1.0);
  }
  Harness h(make_element(write_test_model("vad-8k.sermodel"), "vad", 3 /* off */, "window-duration",
                         GST_SECOND / 2, "hop-duration", GST_SECOND / 2, nullptr),
            audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(quiet_then_loud, 1, 1000, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 2u);
  // Off: nothing gated, the quiet window is classified, and marked.
  EXPECT_FALSE(bool_field(got[0], "silence"));
  EXPECT_NE(string_field(got[0], "label"), "silence");
  EXPECT_TRUE(bool_field(got[0], "low-level"));
  EXPECT_FALSE(bool_field(got[0], "trusted"));
  EXPECT_TRUE(bool_field(got[1], "trusted"));
}

}  // namespace
}  // namespace ser::gst_test
