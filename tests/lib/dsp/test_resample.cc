#include "dsp/resample.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "common/error.h"
#include "common/signals.h"

namespace ser::dsp {
namespace {

// Exact in float32 in any language: ((37 n) mod 101 - 50) / 64.
std::vector<float> sawtooth_like(size_t n) {
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(static_cast<double>(static_cast<long>((i * 37) % 101) - 50) / 64.0);
  return x;
}

double sum_of_squares(const std::vector<float>& y) {
  double s = 0;
  for (float v : y) s += double(v) * v;
  return s;
}

// Reference values from python-soxr's call sequence over Debian's libsoxr 0.1.3 (the golden
// folder's scripts/soxr_shim): soxr.resample(x, in, out, quality='soxr_hq') of sawtooth_like(3000).
struct ShimReference {
  double in_rate, out_rate;
  size_t length;
  std::vector<std::pair<size_t, float>> samples;
  double sum_of_squares;
};

TEST(SoxrResampler, ReproducesPythonSoxrBitForBit) {
  const ShimReference refs[] = {
      // one chunk (48000 * 2 frames > 3000)
      {2, 1, 1500,
       {{0, -0x1.6c8bdcp-2f}, {1, -0x1.0ba836p-3f}, {17, -0x1.891e02p-4f}, {500, 0x1.2289b0p-3f},
        {750, 0x1.140900p-5f}, {1499, 0x1.2ed6d0p-3f}},
       46.13368256857825},
      // three chunks of max(1000, 48000 / 20) frames
      {1, 20, 60000,
       {{0, -0x1.930148p-1f}, {1, -0x1.c46610p-1f}, {17, -0x1.925256p-2f}, {20000, -0x1.c08f30p-3f},
        {30000, -0x1.52cfb0p-7f}, {59999, 0x1.1f92e0p-4f}},
       12387.612721081616},
  };
  const auto x = sawtooth_like(3000);
  for (const auto& ref : refs) {
    SCOPED_TRACE(testing::Message() << ref.in_rate << " -> " << ref.out_rate);
    SoxrResampler soxr(ref.in_rate, ref.out_rate);
    std::vector<float> y;
    soxr.process(x, y);
    ASSERT_EQ(y.size(), ref.length);
    for (const auto& [i, v] : ref.samples) EXPECT_EQ(y[i], v) << "sample " << i;
    EXPECT_NEAR(sum_of_squares(y), ref.sum_of_squares, 1e-9 * ref.sum_of_squares);
  }
}

TEST(SoxrResampler, ReuseGivesTheSameSamples) {
  const auto x = sawtooth_like(5000);
  SoxrResampler soxr(2, 1);
  std::vector<float> a, b;
  soxr.process(x, a);
  soxr.process(test::sine(777, 100, 16000, 0.5), b);
  soxr.process(x, b);
  EXPECT_EQ(a, b);
}

TEST(Resample, SineKeepsItsFrequency) {
  // 440 Hz at 16 kHz, down to 8 kHz and up to 22.05 kHz: the output is the same sine sampled at
  // the new rate (soxr compensates its filter delay), apart from the edges.
  const auto y = test::sine(16000, 440.0, 16000, 0.5);
  for (double target : {8000.0, 22050.0}) {
    SCOPED_TRACE(target);
    const auto out = resample(y, {16000, target});
    ASSERT_EQ(out.size(), static_cast<size_t>(std::ceil(16000 * target / 16000)));
    const auto expected = test::sine(out.size(), 440.0, target, 0.5);
    double err = 0;
    for (size_t i = out.size() / 10; i < out.size() * 9 / 10; ++i) err = std::max(err, std::fabs(double(out[i]) - expected[i]));
    EXPECT_LT(err, 1e-3);
  }
}

TEST(Resample, FixAndScaleFollowLibrosa) {
  const auto y = sawtooth_like(1001);
  const auto plain = resample(y, {2, 1, SoxrQuality::kHigh, false, false});
  const auto fixed = resample(y, {2, 1, SoxrQuality::kHigh, true, false});
  const auto scaled = resample(y, {2, 1, SoxrQuality::kHigh, true, true});
  EXPECT_EQ(fixed.size(), 501u);  // ceil(1001 / 2)
  ASSERT_EQ(scaled.size(), fixed.size());
  const float s = static_cast<float>(std::sqrt(0.5));
  for (size_t i = 0; i < fixed.size(); ++i) {
    EXPECT_EQ(fixed[i], i < plain.size() ? plain[i] : 0.0f);
    EXPECT_EQ(scaled[i], fixed[i] / s);
  }
}

TEST(Resample, EqualRatesReturnTheInput) {
  const auto y = sawtooth_like(100);
  EXPECT_EQ(resample(y, {16000, 16000, SoxrQuality::kHigh, true, true}), y);
}

TEST(Resample, EveryQualityRuns) {
  const auto y = test::sine(4000, 300.0, 16000, 0.5);
  for (auto q : {SoxrQuality::kQuick, SoxrQuality::kLow, SoxrQuality::kMedium, SoxrQuality::kHigh,
                 SoxrQuality::kVeryHigh}) {
    const auto out = resample(y, {16000, 8000, q});
    EXPECT_EQ(out.size(), 2000u);
    EXPECT_NEAR(sum_of_squares(out) / 2000, 0.125, 0.01);  // the power of a 0.5 sine
  }
}

TEST(Resample, BadParametersAreRejected) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const ResampleParams bad[] = {{0, 8000}, {16000, 0}, {-1, 8000}, {16000, -8000}, {nan, 8000}, {16000, inf}};
  for (const auto& p : bad) {
    EXPECT_THROW(p.validate(), ParameterError);
    EXPECT_THROW(Resampler{p}, ParameterError);
  }
  EXPECT_THROW(SoxrResampler(0, 1), ParameterError);
}

}  // namespace
}  // namespace ser::dsp
