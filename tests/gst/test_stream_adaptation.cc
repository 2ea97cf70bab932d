// Stream adaptation: a model trained with adaptation normalises each window by the stream's speech
// heard so far (gst/stream_adaptation.h), the same rule as `ser-train predict --adapt stream`.
#include "stream_adaptation.h"

#include <gtest/gtest.h>

#include "element_test_support.h"
#include "nn/classifier.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;

TestModel adapting_model() {
  TestModel m;
  m.adaptation_prior_windows = 2.0;
  return m;
}

std::vector<std::vector<double>> probabilities_of(const std::string& model, bool adapt,
                                                  const std::vector<float>& audio, bool flush_between = false) {
  Harness h(make_element(model, "window-duration", GST_SECOND / 2, "hop-duration", GST_SECOND / 2,
                         "stream-adaptation", adapt ? TRUE : FALSE, nullptr),
            audio_caps("F32LE", kRate, 1));
  std::vector<std::vector<double>> out;
  EXPECT_EQ(h.push_f32(audio, 1, 1000, kRate), GST_FLOW_OK);
  for (GstStructure* s : h.take("seremotion")) out.push_back(doubles_field(s, "probabilities"));
  if (flush_between) {
    h.push_event(gst_event_new_flush_start());
    h.push_event(gst_event_new_flush_stop(TRUE));
    EXPECT_EQ(h.push_f32(audio, 1, 1000, kRate), GST_FLOW_OK);
    for (GstStructure* s : h.take("seremotion")) out.push_back(doubles_field(s, "probabilities"));
  }
  return out;
}

TEST(StreamAdaptation, CountsTheWindowsHeardAndStartsAgainAfterReset) {
  const nn::Classifier adapting(write_test_model("adapting.sermodel", adapting_model()));
  const nn::Classifier plain(write_test_model("adapting-plain.sermodel"));
  const auto audio = voice(kRate / 2, kRate);
  element::StreamAdaptation a;
  for (std::size_t n = 1; n <= 3; ++n) {
    Matrix f = adapting.features_of({FloatSpan(audio)}).front();
    EXPECT_EQ(a.adapt(adapting, f), n);
  }
  a.reset();
  Matrix f = adapting.features_of({FloatSpan(audio)}).front();
  const Matrix raw = f;
  EXPECT_EQ(a.adapt(adapting, f), 1u);
  EXPECT_NE(f.data()[0], raw.data()[0]);  // normalised by one window against a prior of 2
  Matrix g = plain.features_of({FloatSpan(audio)}).front();
  const Matrix before = g;
  EXPECT_EQ(a.adapt(plain, g), 0u);  // no adaptation in the model: untouched
  EXPECT_EQ(std::vector<float>(g.data(), g.data() + g.size()), std::vector<float>(before.data(), before.data() + before.size()));
}

TEST(StreamAdaptation, TheElementAdaptsToTheStreamAndAFlushForgetsIt) {
  const std::string model = write_test_model("adapting.sermodel", adapting_model());
  auto audio = voice(2 * kRate, kRate, 3);  // four windows of 0.5 s
  const auto adapted = probabilities_of(model, true, audio, true);
  const auto pooled = probabilities_of(model, false, audio);
  ASSERT_EQ(adapted.size(), 8u);
  ASSERT_EQ(pooled.size(), 4u);
  // The stream's statistics move every window away from the prior's reading.
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NE(adapted[i], pooled[i]) << "window " << i;
  // After the flush the stream starts again: the same windows give the same numbers.
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t k = 0; k < adapted[i].size(); ++k) EXPECT_NEAR(adapted[i + 4][k], adapted[i][k], 1e-6);
  }
  // A model without adaptation is untouched by the property.
  const std::string plain = write_test_model("adapting-plain.sermodel");
  EXPECT_EQ(probabilities_of(plain, true, audio), probabilities_of(plain, false, audio));
}

}  // namespace
}  // namespace ser::gst_test
