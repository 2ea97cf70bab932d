// Noise reduction before the features: stationary noise taken out of a span, the span given back
// as it was where there is none.
#include "features/spectral_denoise.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "features/extractor.h"
#include "features/feature_spec.h"

namespace ser::features {
namespace {

constexpr int kRate = 16000;

// Speech-like: a 180 Hz tone with 10 harmonics, switched on for 150 ms and off for 100 ms.
std::vector<float> bursts(double seconds) {
  std::vector<float> y(static_cast<size_t>(seconds * kRate), 0.0f);
  for (size_t i = 0; i < y.size(); ++i) {
    const double t = double(i) / kRate;
    if (std::fmod(t, 0.25) >= 0.15) continue;
    double v = 0;
    for (int h = 1; h <= 10; ++h) v += std::sin(2 * M_PI * 180.0 * h * t) / h;
    y[i] = static_cast<float>(0.2 * v);
  }
  return y;
}

double mean_square_difference(FloatSpan a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < b.size(); ++i) s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
  return s / double(b.size());
}

std::vector<float> values(const Matrix& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

TEST(SpectralDenoise, GivesBackASpanWithoutNoise) {
  // A second of digital silence first: the noise floor is 0, every gain 1, and the analysis and
  // synthesis windows give the span back.
  std::vector<float> y(kRate, 0.0f);
  const std::vector<float> b = bursts(2.0);
  y.insert(y.end(), b.begin(), b.end());
  SpectralDenoiser d;
  const FloatSpan out = d.denoise(FloatSpan(y), kRate);
  ASSERT_EQ(out.size(), y.size());
  EXPECT_EQ(out.data(), y.data());
}

TEST(SpectralDenoise, TakesStationaryNoiseOut) {
  const std::vector<float> clean = bursts(3.0);
  std::vector<float> noisy = clean;
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 0.05f);  // about 6 dB under the bursts
  for (float& v : noisy) v += noise(rng);
  SpectralDenoiser d;
  const FloatSpan out = d.denoise(FloatSpan(noisy), kRate);
  ASSERT_EQ(out.size(), noisy.size());
  const double before = mean_square_difference(FloatSpan(noisy), clean);
  const double after = mean_square_difference(out, clean);
  // At least 3 dB less error than the noise was (no gain at all would leave it equal).
  EXPECT_LT(after, before / 2) << "before " << before << ", after " << after;
  // Noise alone is brought down to about the gain floor (-15 dB): by at least 10 dB.
  std::vector<float> alone(clean.size());
  for (float& v : alone) v = noise(rng);
  const double power = mean_square_difference(FloatSpan(alone), std::vector<float>(alone.size(), 0.0f));
  const double left = mean_square_difference(d.denoise(FloatSpan(alone), kRate), std::vector<float>(alone.size(), 0.0f));
  EXPECT_LT(left, power / 10) << "noise " << power << ", left " << left;
}

TEST(SpectralDenoise, ShortOrSilentSpansComeBackAsTheyAre) {
  SpectralDenoiser d;
  const std::vector<float> short_span(100, 0.3f);
  const FloatSpan out = d.denoise(FloatSpan(short_span), kRate);
  EXPECT_EQ(out.data(), short_span.data());
  const std::vector<float> silent(kRate, 0.0f);
  const FloatSpan quiet = d.denoise(FloatSpan(silent), kRate);
  ASSERT_EQ(quiet.size(), silent.size());
  for (float v : quiet) ASSERT_EQ(v, 0.0f);
}

TEST(SpectralDenoise, ThePresetDenoisesAndTheOthersDoNot) {
  const FeatureSpec denoised = FeatureSpec::preset("egemaps-level-lpc-denoise");
  const FeatureSpec plain = FeatureSpec::preset("egemaps-level-lpc");
  EXPECT_EQ(denoised.denoise, "spectral");
  EXPECT_EQ(plain.denoise, "none");
  EXPECT_FALSE(plain.to_json().contains("denoise"));  // earlier bundles' specs read back equal
  EXPECT_EQ(FeatureSpec::from_json(denoised.to_json()), denoised);
  // Same features otherwise: on a noisy span the functionals differ, on a span without noise
  // they are the same.
  std::vector<float> y(kRate, 0.0f);
  const std::vector<float> b = bursts(2.0);
  y.insert(y.end(), b.begin(), b.end());
  EXPECT_EQ(values(Extractor(denoised).compute(FloatSpan(y))), values(Extractor(plain).compute(FloatSpan(y))));
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.0f, 0.05f);
  for (float& v : y) v += noise(rng);
  EXPECT_NE(values(Extractor(denoised).compute(FloatSpan(y))), values(Extractor(plain).compute(FloatSpan(y))));
  FeatureSpec bad = plain;
  bad.denoise = "wiener";
  EXPECT_THROW(bad.validate(), ParameterError);
}

}  // namespace
}  // namespace ser::features
