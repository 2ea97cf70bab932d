// Formats and layouts: S16LE and F32LE, 1, 2 and 6 channels, all heard as the same mono audio.
#include <gtest/gtest.h>

#include "element_test_support.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;

// The probabilities of every window of `audio` (mono, interleaved into `channels`) pushed as
// `format`.
std::vector<std::vector<double>> probabilities_of(const std::vector<float>& mono, const char* format, int channels) {
  Harness h(make_element(write_test_model("formats.sermodel")), audio_caps(format, kRate, channels));
  const auto f32 = interleave(mono, channels);
  if (std::string(format) == "F32LE") {
    EXPECT_EQ(h.push_f32(f32, channels, 512, kRate), GST_FLOW_OK);
  } else {
    const auto s16 = to_s16(f32);
    EXPECT_EQ(h.push(s16.data(), mono.size(), 2 * static_cast<std::size_t>(channels), 512, kRate, 0), GST_FLOW_OK);
  }
  std::vector<std::vector<double>> out;
  for (const GstStructure* s : h.take("seremotion")) {
    EXPECT_FALSE(bool_field(s, "silence"));
    out.push_back(doubles_field(s, "probabilities"));
  }
  return out;
}

TEST(Formats, S16AndF32InAnyChannelCountGiveTheSameResults) {
  // 16-bit values, so that S16 and F32 (x / 32768) carry exactly the same samples.
  const auto mono = from_s16(to_s16(voice(12000, kRate)));
  const auto reference = probabilities_of(mono, "F32LE", 1);
  ASSERT_EQ(reference.size(), 5u);  // 1.5 s: windows at 0, 0.25, ..., 1.0 s
  for (const char* format : {"F32LE", "S16LE"}) {
    for (int channels : {1, 2, 6}) {
      SCOPED_TRACE(std::string(format) + " x " + std::to_string(channels));
      const auto got = probabilities_of(mono, format, channels);
      ASSERT_EQ(got.size(), reference.size());
      for (std::size_t w = 0; w < got.size(); ++w) {
        ASSERT_EQ(got[w].size(), reference[w].size());
        // The mean of 6 equal channels may differ from the sample by an ulp or two.
        for (std::size_t k = 0; k < got[w].size(); ++k) EXPECT_NEAR(got[w][k], reference[w][k], 1e-5);
      }
    }
  }
}

TEST(Formats, ChannelsAreMixedToTheirMean) {
  // Left = x, right = -x: the mean is silence, which the gate reports without the network.
  const auto x = voice(8000, kRate);
  std::vector<float> stereo(2 * x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    stereo[2 * i] = x[i];
    stereo[2 * i + 1] = -x[i];
  }
  Harness h(make_element(write_test_model("formats.sermodel")), audio_caps("F32LE", kRate, 2));
  ASSERT_EQ(h.push_f32(stereo, 2, 400, kRate), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 3u);
  for (const GstStructure* s : got) {
    EXPECT_TRUE(bool_field(s, "silence"));
    EXPECT_EQ(string_field(s, "label"), "silence");
    EXPECT_EQ(double_field(s, "rms"), -200.0);
  }
}

}  // namespace
}  // namespace ser::gst_test
