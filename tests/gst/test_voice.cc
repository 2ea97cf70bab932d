// The voice-parameters property: the "voice" field of each window's message and meta, checked on
// a synthetic vowel of known F0 and level, with a model fed log-mel (the element analyses the
// window itself) and one fed eGeMAPS (it reads the model's own features).
#include <gtest/gtest.h>

#include <cmath>

#include "common/signals.h"
#include "element_test_support.h"
#include "features/egemaps/egemaps.h"
#include "features/egemaps/voice_parameters.h"
#include "gstseremotionmeta.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 16000;

TestModel model_at_16k(bool egemaps) {
  TestModel m;
  m.egemaps = egemaps;
  m.sample_rate = kRate;
  m.window_seconds = 1.0;
  m.hop_seconds = 0.5;
  return m;
}

std::string logmel_model() { return write_test_model("voice-logmel.sermodel", model_at_16k(false)); }
std::string egemaps_model() { return write_test_model("voice-egemaps.sermodel", model_at_16k(true)); }
std::string denoised_egemaps_model() {
  TestModel m = model_at_16k(true);
  m.denoise = "spectral";
  return write_test_model("voice-egemaps-denoise.sermodel", m);
}

// The "voice" structure of a result, failing the test when it is missing.
const GstStructure* voice_of(const GstStructure* s) {
  const GValue* v = gst_structure_get_value(s, "voice");
  EXPECT_NE(v, nullptr) << "no voice field";
  if (!v) return nullptr;
  EXPECT_TRUE(GST_VALUE_HOLDS_STRUCTURE(v));
  const GstStructure* voice = gst_value_get_structure(v);
  EXPECT_TRUE(gst_structure_has_name(voice, "voice-parameters"));
  return voice;
}

double mean_square_db(const std::vector<float>& y, size_t begin, size_t end) {
  double ms = 0.0;
  for (size_t i = begin; i < end; ++i) ms += double(y[i]) * y[i];
  return 10.0 * std::log10(ms / double(end - begin));
}

TEST(VoiceParameters, OffByDefault) {
  Harness h(make_element(logmel_model()), audio_caps("F32LE", kRate, 1));
  gboolean on = TRUE;
  g_object_get(h.element(), "voice-parameters", &on, nullptr);
  EXPECT_FALSE(on);
  ASSERT_EQ(h.push_f32(test::vowel(2 * kRate, 200.0, kRate, 0.3), 1, 1600, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_FALSE(got.empty());
  for (const GstStructure* s : got) EXPECT_FALSE(gst_structure_has_field(s, "voice"));
}

TEST(VoiceParameters, AVowelOfKnownPitchAndLevel) {
  const double f0 = 200.0;
  const auto y = test::vowel(2 * kRate, f0, kRate, 0.3, {700.0, 1200.0, 2600.0});
  Harness h(make_element(logmel_model(), "voice-parameters", TRUE, nullptr), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(y, 1, 1600, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 3u);  // 1 s windows every 0.5 s in 2 s
  for (size_t i = 0; i < got.size(); ++i) {
    const GstStructure* v = voice_of(got[i]);
    ASSERT_NE(v, nullptr);
    EXPECT_NEAR(double_field(v, "f0-mean-hz"), f0, 2.0);
    EXPECT_NEAR(double_field(v, "f0-mean-semitones"), 12.0 * std::log2(f0 / 27.5), 0.1);
    EXPECT_LT(double_field(v, "f0-range-semitones"), 0.2);
    const size_t begin = i * kRate / 2;
    EXPECT_NEAR(double_field(v, "level-db"), mean_square_db(y, begin, begin + kRate), 0.2);
    EXPECT_GT(double_field(v, "voiced-fraction"), 0.9);
    EXPECT_LT(double_field(v, "jitter-percent"), 0.5);
    EXPECT_GT(double_field(v, "hnr-db"), 10.0);
    EXPECT_GT(double_field(v, "loudness"), 0.0);
    double_field(v, "shimmer-db");
    double_field(v, "loudness-peaks-per-second");
  }
  // The meta carries the same.
  ASSERT_FALSE(h.outputs().empty());
  gpointer state = nullptr;
  size_t metas = 0;
  for (GstBuffer* b : h.outputs()) {
    state = nullptr;
    while (GstCustomMeta* m = gst_buffer_iterate_seremotion_meta(b, &state)) {
      const GstStructure* v = voice_of(gst_seremotion_meta_get_structure(m));
      ASSERT_NE(v, nullptr);
      EXPECT_NEAR(double_field(v, "f0-mean-hz"), f0, 2.0);
      ++metas;
    }
  }
  EXPECT_EQ(metas, got.size());
}

TEST(VoiceParameters, ASilentWindowHasNoVoice) {
  Harness h(make_element(logmel_model(), "voice-parameters", TRUE, nullptr), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(std::vector<float>(kRate, 0.0f), 1, 1600, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(bool_field(got[0], "silence"));
  const GstStructure* v = voice_of(got[0]);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(double_field(v, "voiced-fraction"), 0.0);
  EXPECT_EQ(double_field(v, "f0-mean-hz"), 0.0);
  EXPECT_DOUBLE_EQ(double_field(v, "level-db"), -200.0);
}

// Runs 2 s of `y` through the model's element (1 s windows every 0.5 s) and checks each window's
// voice fields against `expected_of(window)`.
template <class Expected>
void expect_voice_fields(const std::string& model, const std::vector<float>& y, Expected expected_of) {
  Harness h(make_element(model, "voice-parameters", TRUE, nullptr), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(y, 1, 1600, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < got.size(); ++i) {
    const GstStructure* v = voice_of(got[i]);
    ASSERT_NE(v, nullptr);
    const auto expected = features::voice_parameter_fields(expected_of(FloatSpan(y.data() + i * kRate / 2, kRate)));
    for (const auto& [name, value] : expected) EXPECT_DOUBLE_EQ(double_field(v, name.c_str()), value) << name;
  }
}

// A model fed eGeMAPS: the voice fields are those of the window's eGeMAPS functionals, the same
// the network was given.
TEST(VoiceParameters, AModelFedEgemapsSharesItsAnalysis) {
  const auto y = test::vowel(2 * kRate, 150.0, kRate, 0.2, {500.0, 1500.0, 2500.0});
  features::Egemaps egemaps(kRate);
  expect_voice_fields(egemaps_model(), y, [&](FloatSpan window) {
    Matrix f;
    egemaps.compute_functionals(window, f);
    return features::voice_parameters(f.data());
  });
}

// A model fed the eGeMAPS of the denoised window: the voice fields describe the window as it was
// recorded (its own analysis), not the model's features.
TEST(VoiceParameters, AModelFedDenoisedEgemapsAnalysesTheWindowItself) {
  auto y = test::vowel(2 * kRate, 150.0, kRate, 0.2, {500.0, 1500.0, 2500.0});
  for (size_t i = 0; i < y.size(); ++i) y[i] += 0.02f * float(std::sin(double(i) * 2.1) * std::cos(double(i) * 0.37));
  features::Egemaps egemaps(kRate);
  expect_voice_fields(denoised_egemaps_model(), y,
                      [&](FloatSpan window) { return features::voice_parameters(egemaps.analyse(window)); });
}

}  // namespace
}  // namespace ser::gst_test
