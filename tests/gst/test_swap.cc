// Changing model-location while the stream runs: loaded in the background with PROGRESS
// messages, swapped in between windows; refused, keeping the old, when it would break the stream.
#include <gtest/gtest.h>

#include "element_test_support.h"
#include "nn/classifier.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;
constexpr std::size_t kWindow = 4000;  // 0.5 s, hop 0.5 s

TestModel model_with(std::uint64_t seed, int rate = 8000, std::vector<std::string> labels = TestModel().labels) {
  TestModel m;
  m.seed = seed;
  m.sample_rate = rate;
  m.labels = std::move(labels);
  return m;
}

const std::vector<std::string> kOtherLabels{"neutral", "angry", "sad", "happy"};

GstElement* swap_element(const std::string& model) {
  return make_element(model, "window-duration", GST_SECOND / 2, "hop-duration", GST_SECOND / 2, nullptr);
}

nn::ClassifierOptions on_cpu() {
  nn::ClassifierOptions o;
  o.device = "cpu";
  return o;
}

// Whether every message's probabilities are those `model` gives for its window of `audio`, whose
// first sample is at `first_window` windows.
void expect_model(const std::string& model, const std::vector<GstStructure*>& got, const std::vector<float>& audio,
                  std::size_t first_window) {
  const nn::Classifier c(model, on_cpu());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::size_t w = uint64_field(got[i], "window-index") - first_window;
    const Matrix p = c.classify_audio({FloatSpan(audio.data() + w * kWindow, kWindow)});
    const auto probabilities = doubles_field(got[i], "probabilities");
    ASSERT_EQ(probabilities.size(), p.cols());
    for (std::size_t k = 0; k < p.cols(); ++k) EXPECT_NEAR(probabilities[k], p(0, k), 1e-6) << "window " << w;
  }
}

std::string progress_of(GstMessage* m, GstProgressType* type) {
  gchar* code = nullptr;
  gchar* text = nullptr;
  gst_message_parse_progress(m, type, &code, &text);
  std::string out = std::string(code) + ": " + text;
  g_free(code);
  g_free(text);
  return out;
}

// Sets model-location and waits for the load to end; returns the last PROGRESS type.
GstProgressType swap_to(Harness& h, const std::string& model) {
  g_object_set(h.element(), "model-location", model.c_str(), nullptr);
  GstProgressType type = GST_PROGRESS_TYPE_START;
  GstMessage* m = h.wait_message(GST_MESSAGE_PROGRESS);
  EXPECT_NE(m, nullptr);
  if (m == nullptr) return type;
  EXPECT_NE(progress_of(m, &type).find("Loading model"), std::string::npos);
  EXPECT_EQ(type, GST_PROGRESS_TYPE_START);
  m = h.wait_message(GST_MESSAGE_PROGRESS);
  EXPECT_NE(m, nullptr);
  if (m != nullptr) progress_of(m, &type);
  return type;
}

std::string model_info(GstElement* element) {
  gchar* info = nullptr;
  g_object_get(element, "model-info", &info, nullptr);
  std::string out = info != nullptr ? info : "";
  g_free(info);
  return out;
}

TEST(Swap, ANewModelTakesOverBetweenWindows) {
  const std::string a = write_test_model("swap-a.sermodel", model_with(1));
  const std::string b = write_test_model("swap-b.sermodel", model_with(2));
  Harness h(swap_element(a), audio_caps("F32LE", kRate, 1));
  const auto audio = voice(4 * kWindow, kRate);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 2 * kWindow), 1, 800, kRate), GST_FLOW_OK);
  const auto before = h.take("seremotion");
  ASSERT_EQ(before.size(), 2u);
  expect_model(a, before, audio, 0);

  EXPECT_EQ(swap_to(h, b), GST_PROGRESS_TYPE_COMPLETE);
  EXPECT_NE(model_info(h.element()).find(b), std::string::npos);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin() + 2 * kWindow, audio.end()), 1, 800, kRate, GST_SECOND),
            GST_FLOW_OK);
  const auto after = h.take("seremotion");
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(uint64_field(after[0], "window-index"), 2u);
  expect_model(b, after, audio, 0);
  EXPECT_TRUE(h.take_messages(GST_MESSAGE_WARNING).empty());
}

// A model the running stream cannot take: refused with a warning naming `why`, the old one kept.
void expect_refused(const std::string& candidate, const std::string& why) {
  const std::string a = write_test_model("swap-a.sermodel", model_with(1));
  Harness h(swap_element(a), audio_caps("F32LE", kRate, 1));
  const auto audio = voice(2 * kWindow, kRate);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + kWindow), 1, 800, kRate), GST_FLOW_OK);
  EXPECT_EQ(swap_to(h, candidate), GST_PROGRESS_TYPE_ERROR);
  const auto warnings = h.take_messages(GST_MESSAGE_WARNING);
  ASSERT_EQ(warnings.size(), 1u);
  const std::string text = message_text(warnings[0]);
  EXPECT_NE(text.find(why), std::string::npos) << text;
  EXPECT_NE(text.find("keeping '" + a + "'"), std::string::npos) << text;
  EXPECT_NE(model_info(h.element()).find(a), std::string::npos);
  // The property reads the model still in use, not the refused one.
  gchar* location = nullptr;
  g_object_get(h.element(), "model-location", &location, nullptr);
  EXPECT_STREQ(location, a.c_str());
  g_free(location);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin() + kWindow, audio.end()), 1, 800, kRate, GST_SECOND / 2),
            GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 2u);
  expect_model(a, got, audio, 0);
}

TEST(Swap, AModelOfAnotherRateIsRefused) {
  expect_refused(write_test_model("swap-16k.sermodel", model_with(1, 16000)), "16000 Hz");
}

TEST(Swap, AModelWithOtherLabelsIsRefusedWhileTheStreamRuns) {
  expect_refused(write_test_model("swap-labels.sermodel", model_with(1, 8000, kOtherLabels)),
                 "labels (neutral, angry, sad, happy) differ");
}

TEST(Swap, ABrokenModelIsRefused) {
  const std::string path = temp_path("swap-broken.sermodel");
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("broken", f);
  std::fclose(f);
  expect_refused(path, path);
}

TEST(Swap, InReadyAnyModelIsTaken) {
  GstElement* element = swap_element(write_test_model("swap-a.sermodel", model_with(1)));
  GstBus* bus = gst_bus_new();
  gst_element_set_bus(element, bus);
  ASSERT_EQ(gst_element_set_state(element, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  g_object_set(element, "model-location",
               write_test_model("swap-labels.sermodel", model_with(1, 8000, kOtherLabels)).c_str(),
               nullptr);
  GstProgressType type = GST_PROGRESS_TYPE_START;
  while (type == GST_PROGRESS_TYPE_START) {
    GstMessage* m = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND, GST_MESSAGE_PROGRESS);
    ASSERT_NE(m, nullptr);
    progress_of(m, &type);
    gst_message_unref(m);
  }
  EXPECT_EQ(type, GST_PROGRESS_TYPE_COMPLETE);
  gchar** labels = nullptr;
  g_object_get(element, "labels", &labels, nullptr);
  ASSERT_NE(labels, nullptr);
  EXPECT_STREQ(labels[0], "neutral");
  g_strfreev(labels);
  gst_element_set_state(element, GST_STATE_NULL);
  gst_element_set_bus(element, nullptr);
  gst_object_unref(bus);
  gst_object_unref(element);
}

}  // namespace
}  // namespace ser::gst_test
