// Audio through GStreamer's lossy codecs and back (codec_roundtrip.h): same length, aligned,
// recognisably the same signal, and changed.
#include "io/codec_roundtrip.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"

namespace ser::io {
namespace {

// A 0.8 s vowel-like signal: 150 Hz and its harmonics up to 4 kHz, with a slow level change.
std::vector<float> voice_like(int rate) {
  std::vector<float> y(static_cast<size_t>(rate * 0.8));
  for (size_t i = 0; i < y.size(); ++i) {
    const double t = double(i) / rate;
    double v = 0;
    for (int h = 1; h * 150 < 4000; ++h) v += std::sin(2 * M_PI * 150 * h * t) / h;
    y[i] = static_cast<float>(0.2 * v * (0.6 + 0.4 * std::sin(2 * M_PI * 2 * t)));
  }
  return y;
}

double correlation(const std::vector<float>& a, const std::vector<float>& b, size_t from, size_t to) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = from; i < to; ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb + 1e-30);
}

TEST(CodecRoundtrip, EveryCodecKeepsTheSignalAndItsLength) {
  const int rate = 16000;
  const std::vector<float> in = voice_like(rate);
  for (const char* name : {"opus", "vorbis", "mp3", "gsm", "mulaw"}) {
    const Codec codec = parse_codec(name);
    EXPECT_STREQ(codec_name(codec), name);
    int lo = 0, hi = 0;
    codec_bitrate_range(codec, lo, hi);
    const std::vector<float> out = codec_roundtrip(FloatSpan(in), rate, codec, 24000);
    ASSERT_EQ(out.size(), in.size()) << name;
    // The middle of the clip, away from the codecs' start-up and the end padding.
    const double r = correlation(in, out, in.size() / 8, in.size() * 7 / 8);
    EXPECT_GT(r, 0.8) << name << " at " << std::clamp(24000, lo, hi) << " b/s";
    double diff = 0;
    for (size_t i = 0; i < in.size(); ++i) diff += std::fabs(in[i] - out[i]);
    EXPECT_GT(diff, 0.0) << name << ": a lossy codec changed nothing";
  }
}

TEST(CodecRoundtrip, LowOpusBitratesLoseMoreThanHighOnes) {
  const int rate = 16000;
  const std::vector<float> in = voice_like(rate);
  const auto low = codec_roundtrip(FloatSpan(in), rate, Codec::Opus, 6000);
  const auto high = codec_roundtrip(FloatSpan(in), rate, Codec::Opus, 64000);
  const size_t a = in.size() / 8, b = in.size() * 7 / 8;
  EXPECT_GT(correlation(in, high, a, b), correlation(in, low, a, b));
}

TEST(CodecRoundtrip, BadInputIsRefusedOrEmpty) {
  EXPECT_THROW(parse_codec("aac"), ParameterError);
  EXPECT_TRUE(codec_roundtrip(FloatSpan(), 16000, Codec::Opus, 16000).empty());
  const std::vector<float> one(100, 0.1f);
  EXPECT_THROW(codec_roundtrip(FloatSpan(one), 100, Codec::Opus, 16000), ParameterError);
}

}  // namespace
}  // namespace ser::io
