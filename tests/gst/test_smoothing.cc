// Smoothing: the smoothed-* fields as an exponential moving average of the classified windows
// (live streams: tests/gst/test_live.cc).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "element_test_support.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;
const std::vector<std::string> kLabels{"angry", "calm", "happy", "sad"};

TEST(Smoothing, AnAverageOfTheClassifiedWindowsOnly) {
  // Windows of 0.5 s: speech, speech, silence, speech. tau = 1 s.
  auto audio = voice(16000, kRate, 3);
  std::fill(audio.begin() + 8000, audio.begin() + 12000, 0.0f);
  Harness h(make_element(write_test_model("smoothing.sermodel"), "window-duration", GST_SECOND / 2, "hop-duration",
                         GST_SECOND / 2, "smoothing-time", static_cast<gint64>(GST_SECOND), nullptr),
            audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 4u);
  const auto p0 = doubles_field(got[0], "probabilities");
  const auto p1 = doubles_field(got[1], "probabilities");
  const auto p3 = doubles_field(got[3], "probabilities");
  ASSERT_NE(p0, p1);
  EXPECT_EQ(doubles_field(got[0], "smoothed-probabilities"), p0);  // the first starts the average
  std::vector<double> expected(4);
  double a = 1 - std::exp(-0.5);  // 0.5 s after the first
  for (std::size_t k = 0; k < 4; ++k) expected[k] = p0[k] + a * (p1[k] - p0[k]);
  auto s1 = doubles_field(got[1], "smoothed-probabilities");
  for (std::size_t k = 0; k < 4; ++k) EXPECT_NEAR(s1[k], expected[k], 1e-6);
  // The silent window does not enter the average; its smoothed fields are its own.
  EXPECT_EQ(string_field(got[2], "smoothed-label"), "silence");
  EXPECT_EQ(doubles_field(got[2], "smoothed-probabilities"), std::vector<double>(4, 0.0));
  a = 1 - std::exp(-1.0);  // the next classified window is 1 s after window 1
  for (std::size_t k = 0; k < 4; ++k) expected[k] += a * (p3[k] - expected[k]);
  const auto s3 = doubles_field(got[3], "smoothed-probabilities");
  for (std::size_t k = 0; k < 4; ++k) EXPECT_NEAR(s3[k], expected[k], 1e-6);
  const auto top = static_cast<std::size_t>(std::max_element(s3.begin(), s3.end()) - s3.begin());
  EXPECT_EQ(string_field(got[3], "smoothed-label"), kLabels[top]);
  EXPECT_NEAR(double_field(got[3], "smoothed-confidence"), s3[top], 1e-7);
}

}  // namespace
}  // namespace ser::gst_test
