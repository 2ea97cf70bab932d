// Tests of the voice quality measures of eGeMAPS: periods, jitter, shimmer, HNR, harmonic levels,
// linear prediction and formants.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include "common/error.h"
#include "common/signals.h"
#include "dsp/fft.h"
#include "dsp/voice/formants.h"
#include "dsp/voice/glottal_periods.h"
#include "dsp/voice/harmonic_levels.h"
#include "dsp/voice/hnr.h"
#include "dsp/voice/jitter.h"
#include "dsp/voice/lpc.h"
#include "dsp/voice/shimmer.h"
#include "dsp/window.h"

namespace ser::dsp::voice {
namespace {

std::vector<GlottalPeriod> periods_of(const std::vector<float>& y, double t0) {
  std::vector<GlottalPeriod> out;
  glottal_periods(FloatSpan(y), 0, y.size(), [t0](size_t) { return t0; }, GlottalPeriodsParams{}, out);
  return out;
}

TEST(GlottalPeriods, FollowAPeriodicWaveAndMeasureNoJitter) {
  const auto y = test::vowel(1600, 160.0, 16000, 0.5);  // period 100 samples
  const auto p = periods_of(y, 100.0);
  ASSERT_GE(p.size(), 10u);
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(p[i].length, 100u);
    EXPECT_EQ(p[i].follows, i > 0);
    double energy = 0.0;  // the amplitude is the period's RMS
    for (size_t j = p[i].start; j < p[i].start + p[i].length; ++j) energy += double(y[j]) * y[j];
    EXPECT_NEAR(p[i].amplitude, std::sqrt(energy / 100.0), 1e-5);
  }
  EXPECT_EQ(jitter_local(p), 0.0);
  EXPECT_NEAR(shimmer_local_db(p), 0.0, 1e-3);
}

TEST(GlottalPeriods, JitterAndShimmerOfKnownPeriods) {
  // Hand-made periods: lengths 100, 110, 100 (one chain) -> |dT| mean 10 over mean 103.33.
  std::vector<GlottalPeriod> p{{0, 100, 1.0f, false}, {100, 110, 0.5f, true}, {210, 100, 0.5f, true}};
  EXPECT_NEAR(jitter_local(p), 10.0 / (310.0 / 3.0), 1e-12);
  EXPECT_NEAR(shimmer_local_db(p), 20 * std::log10(2.0) / 2, 1e-9);
  p[2].follows = false;  // a broken chain: only the first pair counts
  EXPECT_NEAR(jitter_local(p), 10.0 / (310.0 / 3.0), 1e-12);
  EXPECT_NEAR(shimmer_local_db(p), 20 * std::log10(2.0), 1e-9);
  EXPECT_EQ(jitter_local(Span<const GlottalPeriod>()), 0.0);
}

TEST(GlottalPeriods, NoiseBreaksTheChain) {
  const auto noise = test::white_noise(1600, 0.3);
  for (const auto& p : periods_of(noise, 100.0)) EXPECT_FALSE(p.follows && p.length == 0);
  GlottalPeriodsParams bad;
  bad.search_range = 0.6;
  EXPECT_THROW(bad.validate(), ParameterError);
}

// |X|^2 of the 1024-point FFT of y[0, 960), Gaussian window (eGeMAPS's pitch frame).
std::vector<float> power_spectrum(const std::vector<float>& y) {
  RealFft fft(1024);
  const auto w = gaussian_window(960, 0.4);
  for (int i = 0; i < 1024; ++i) fft.real()[i] = i < 960 ? y[size_t(i)] * w[size_t(i)] : 0.0f;
  fft.forward();
  std::vector<float> p(513);
  for (int k = 0; k < 513; ++k) p[size_t(k)] = std::norm(fft.spectrum()[k]);
  return p;
}

TEST(HnrAcf, PeriodicIsHighNoiseIsLow) {
  HnrAcf hnr(1024);
  const double periodic = hnr.compute(power_spectrum(test::vowel(960, 160.0, 16000, 0.5)).data(), 100.0);
  const double noisy = hnr.compute(power_spectrum(test::white_noise(960, 0.5)).data(), 100.0);
  EXPECT_GT(periodic, 10.0);
  EXPECT_LT(noisy, 0.0);
  const std::vector<float> zero(513, 0.0f);
  EXPECT_EQ(hnr.compute(zero.data(), 100.0), 0.0);
  EXPECT_THROW(hnr.compute(zero.data(), 1.0), ParameterError);
  EXPECT_THROW(HnrAcf(1024, HnrParams{0.7}), ParameterError);
}

TEST(HarmonicLevels, LevelsOfKnownHarmonics) {
  // Harmonics 1, 2, 3 of 500 Hz (on bins) at amplitudes 1, 0.5, 0.25 (1 / 2^(k-1)), far enough apart for
  // the Gaussian window's lobes not to overlap.
  std::vector<float> y(960, 0.0f);
  for (int k = 1; k <= 3; ++k)
    for (size_t i = 0; i < y.size(); ++i) y[i] += float(std::pow(0.5, k - 1) * std::sin(2 * M_PI * 500.0 * k * i / 16000));
  auto p = power_spectrum(y);
  for (float& v : p) v = std::sqrt(v);
  Formants f;
  f.frequency = {1000.0f, 1500.0f, 1500.0f};  // F1 on harmonic 2, F3 on harmonic 3
  HarmonicLevels levels;
  harmonic_levels(p.data(), 513, 15.625, 500.0, f, levels);
  EXPECT_NEAR(levels.formant_amplitude[0], -6.02, 0.3);   // H2 over H1
  EXPECT_NEAR(levels.formant_amplitude[2], -12.04, 0.3);  // H3 over H1
  EXPECT_NEAR(levels.h1_h2, 6.02, 0.3);  // openSMILE's output: H2 over H3 (harmonic_levels.h)
  EXPECT_NEAR(levels.h1_a3, 6.02, 0.3);  // no bandwidth: A3 is the harmonic nearest F3
  // A3 is the strongest harmonic within F3 +- B3 / 2: 900-2100 Hz holds H2 and H3, H2 is stronger.
  f.bandwidth = {0.0f, 0.0f, 1200.0f};
  harmonic_levels(p.data(), 513, 15.625, 500.0, f, levels);
  EXPECT_NEAR(levels.h1_a3, 0.0, 0.3);
  EXPECT_NEAR(strongest_harmonic_near(p.data(), 513, 15.625, 500.0, 1500.0, 600.0), harmonic_magnitude(p.data(), 513, 15.625, 500.0, 2), 1e-9);
}

TEST(Lpc, LevinsonRecoversAnArProcess) {
  // r of x[n] = 0.9 x[n-1] + e: r(k) = 0.9^k / (1 - 0.81).
  double r[4], a[4];
  for (int k = 0; k < 4; ++k) r[k] = std::pow(0.9, k) / 0.19;
  EXPECT_NEAR(levinson_durbin(r, 3, a), 1.0, 1e-9);
  EXPECT_NEAR(a[1], -0.9, 1e-12);
  EXPECT_NEAR(a[2], 0.0, 1e-12);
  r[0] = 0;
  EXPECT_EQ(levinson_durbin(r, 3, a), 0.0);
  EXPECT_EQ(a[0], 1.0);
}

TEST(Lpc, PolynomialRootsOfKnownFactors) {
  // (z - 0.5)(z^2 - 1.2 z + 0.72): roots 0.5 and 0.6 +- 0.6i.
  const double c[] = {1.0, -1.7, 1.32, -0.36};
  std::complex<double> roots[3];
  ASSERT_EQ(polynomial_roots(c, 3, roots), 3);
  int found = 0;
  for (const auto& z : roots) {
    found += std::abs(z - std::complex<double>(0.5, 0)) < 1e-9;
    found += std::abs(z - std::complex<double>(0.6, 0.6)) < 1e-9;
    found += std::abs(z - std::complex<double>(0.6, -0.6)) < 1e-9;
  }
  EXPECT_EQ(found, 3);
  EXPECT_THROW(polynomial_roots(c, 0, roots), ParameterError);
}

TEST(FormantTracker, FindsTheResonancesOfASyntheticVowel) {
  const auto y = test::vowel(2000, 120.0, 16000, 0.5, {600.0, 1400.0, 2500.0});
  FormantTracker tracker(320);
  Formants f;
  tracker.compute(y, 800, f);
  EXPECT_NEAR(f.frequency[0], 600.0, 60.0);
  EXPECT_NEAR(f.frequency[1], 1400.0, 100.0);
  EXPECT_NEAR(f.frequency[2], 2500.0, 150.0);
  for (float b : f.bandwidth) EXPECT_GT(b, 0.0f);
  // Silence: no formants, no failure.
  const std::vector<float> silence(2000, 0.0f);
  tracker.compute(silence, 800, f);
  EXPECT_EQ(f.frequency[0], 0.0f);
  FormantParams bad;
  bad.lpc_rate = 8000;  // below 2 x 5500 Hz
  EXPECT_THROW(bad.validate(), ParameterError);
}

TEST(FormantParams, CoefficientScaleLiesInMinusOneToOneAndIsNotZero) {
  for (double scale : {-1.0, -0.3, 1.0}) {
    FormantParams p;
    p.coefficient_scale = scale;
    EXPECT_NO_THROW(p.validate()) << scale;
  }
  for (double scale : {0.0, 1.5, -2.0, std::nan("")}) {
    FormantParams p;
    p.coefficient_scale = scale;
    EXPECT_THROW(p.validate(), ParameterError) << scale;
  }
}

// Scaling the prediction coefficients (eGeMAPS's openSMILE convention, coefficient_scale -0.3)
// roots another polynomial: broader roots than the vowel's resonances, which s = 1 finds.
TEST(FormantTracker, ScaledCoefficientsGiveBroaderRoots) {
  const auto y = test::vowel(2000, 120.0, 16000, 0.5, {600.0, 1400.0, 2500.0});
  FormantParams params;
  params.pre_emphasis = 0.0;
  params.max_bandwidth_hz = std::numeric_limits<double>::infinity();
  FormantTracker textbook(320, params);
  params.coefficient_scale = -0.3;
  FormantTracker scaled(320, params);
  Formants a, b;
  textbook.compute(y, 800, a);
  scaled.compute(y, 800, b);
  EXPECT_NEAR(a.frequency[0], 600.0, 60.0);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_GT(b.frequency[i], 0.0f) << i;
    EXPECT_GT(b.bandwidth[i], a.bandwidth[i]) << i;
  }
}

}  // namespace
}  // namespace ser::dsp::voice
