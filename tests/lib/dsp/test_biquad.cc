// Biquads (the Audio EQ Cookbook) and FFT convolution against direct computations.
#include "dsp/biquad.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "dsp/convolve.h"

namespace ser::dsp {
namespace {

// RMS gain in dB of a steady sine at `freq` through the filter (after its transient).
double measured_gain_db(const Biquad& f, double rate, double freq) {
  std::vector<float> y(static_cast<size_t>(rate));
  for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<float>(std::sin(2 * M_PI * freq * i / rate));
  f.apply(y);
  double sum = 0;
  for (size_t i = y.size() / 2; i < y.size(); ++i) sum += double(y[i]) * y[i];
  return 10 * std::log10(sum / double(y.size() / 2) / 0.5);
}

TEST(Biquad, PeakingBoostsItsCentreAndLeavesFarFrequencies) {
  const Biquad f = Biquad::peaking(16000, 1000, 6.0, 1.0);
  EXPECT_NEAR(f.response_db(16000, 1000), 6.0, 1e-9);
  EXPECT_NEAR(measured_gain_db(f, 16000, 1000), 6.0, 0.05);
  EXPECT_NEAR(measured_gain_db(f, 16000, 7000), 0.0, 0.3);
  EXPECT_NEAR(Biquad::peaking(16000, 1000, -9.0, 2.0).response_db(16000, 1000), -9.0, 1e-9);
}

TEST(Biquad, LowAndHighPassAreThreeDecibelsDownAtTheirCutoff) {
  const Biquad lp = Biquad::lowpass(16000, 3400), hp = Biquad::highpass(16000, 300);
  EXPECT_NEAR(lp.response_db(16000, 3400), -3.01, 0.01);
  EXPECT_NEAR(hp.response_db(16000, 300), -3.01, 0.01);
  EXPECT_LT(measured_gain_db(lp, 16000, 7000), -15.0);
  EXPECT_NEAR(measured_gain_db(lp, 16000, 200), 0.0, 0.1);
  EXPECT_LT(measured_gain_db(hp, 16000, 50), -25.0);
  EXPECT_THROW(Biquad::lowpass(16000, 9000), ParameterError);
  EXPECT_THROW(Biquad::peaking(16000, 1000, 3, 0), ParameterError);
}

TEST(Convolve, EqualsTheDirectSumCutToTheInput) {
  std::vector<float> x(1000), h(300);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(std::sin(0.01 * i * i) );
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<float>(std::exp(-0.01 * i) * std::cos(0.3 * i));
  const std::vector<float> y = convolve(FloatSpan(x), FloatSpan(h));
  ASSERT_EQ(y.size(), x.size());
  for (size_t n = 0; n < x.size(); n += 37) {
    double direct = 0;
    for (size_t k = 0; k < h.size() && k <= n; ++k) direct += double(h[k]) * x[n - k];
    EXPECT_NEAR(y[n], direct, 1e-4) << n;
  }
  EXPECT_EQ(convolve(FloatSpan(x), FloatSpan()), std::vector<float>(x.size(), 0.0f));
}

}  // namespace
}  // namespace ser::dsp
