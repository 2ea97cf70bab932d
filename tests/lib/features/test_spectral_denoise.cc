// Noise reduction before the features: stationary noise taken out of a span, the span given back
// as it was at a gain of one.
#include "features/spectral_denoise.h"

#include <gtest/gtest.h>

#include <algorithm>
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
constexpr size_t kFrame = 512;  // 32 ms at 16 kHz

// Speech-like: a 180 Hz tone with 10 harmonics, switched on for 150 ms and off for 100 ms.
std::vector<float> bursts(double seconds, int rate = kRate) {
  std::vector<float> y(static_cast<size_t>(seconds * rate), 0.0f);
  for (size_t i = 0; i < y.size(); ++i) {
    const double t = double(i) / rate;
    if (std::fmod(t, 0.25) >= 0.15) continue;
    double v = 0;
    for (int h = 1; h <= 10; ++h) v += std::sin(2 * M_PI * 180.0 * h * t) / h;
    y[i] = static_cast<float>(0.2 * v);
  }
  return y;
}

void add_noise(std::vector<float>& y, float sd, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, sd);
  for (float& v : y) v += noise(rng);
}

double mean_square_difference(FloatSpan a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < b.size(); ++i) s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
  return s / double(b.size());
}

double max_difference(FloatSpan a, const std::vector<float>& b) {
  double m = 0;
  for (size_t i = 0; i < b.size(); ++i) m = std::max(m, std::fabs(double(a[i]) - b[i]));
  return m;
}

std::vector<float> values(const Matrix& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

TEST(SpectralDenoise, AGainOfOneGivesTheSpanBack) {
  // A floor of 0 dB makes every gain 1: what comes back is the analysis and synthesis alone, at
  // every length around a frame and around the 10 frames of sound the estimate needs, and at a
  // rate whose frame is not a power of two.
  for (int rate : {16000, 44100}) {
    const size_t frame = rate == 16000 ? kFrame : 1412, hop = frame / 2;
    for (size_t n : {frame - 1, frame, frame + 1, 11 * hop - 1, 11 * hop, 11 * hop + 1, size_t(rate)}) {
      std::vector<float> y = bursts(double(n) / rate + 0.01, rate);
      y.resize(n);
      add_noise(y, 0.01f, 1);
      SpectralDenoiser d(0.0);
      const FloatSpan out = d.denoise(FloatSpan(y), rate);
      ASSERT_EQ(out.size(), n) << rate << " Hz, " << n;
      EXPECT_LT(max_difference(out, y), 1e-5) << rate << " Hz, " << n;
    }
  }
}

TEST(SpectralDenoise, LeavesSpeechWithoutNoiseAlmostAsItIs) {
  // Noise 100 dB under the bursts: their gains are near 1 at the default floor.
  std::vector<float> y = bursts(3.0);
  add_noise(y, 1e-6f, 7);
  SpectralDenoiser d;
  const FloatSpan out = d.denoise(FloatSpan(y), kRate);
  ASSERT_EQ(out.size(), y.size());
  EXPECT_NE(out.data(), y.data());
  EXPECT_LT(mean_square_difference(out, y), 1e-10);
}

TEST(SpectralDenoise, TakesStationaryNoiseOut) {
  const std::vector<float> clean = bursts(3.0);
  std::vector<float> noisy = clean;
  add_noise(noisy, 0.05f, 3);  // about 9 dB under the bursts over the span
  SpectralDenoiser d;
  const FloatSpan out = d.denoise(FloatSpan(noisy), kRate);
  ASSERT_EQ(out.size(), noisy.size());
  const double before = mean_square_difference(FloatSpan(noisy), clean);
  const double after = mean_square_difference(out, clean);
  // At least 3 dB less error than the noise was (no gain at all would leave it equal).
  EXPECT_LT(after, before / 2) << "before " << before << ", after " << after;
  // Noise alone is brought down to about the gain floor (-15 dB): by at least 10 dB.
  std::vector<float> alone(clean.size(), 0.0f);
  add_noise(alone, 0.05f, 4);
  const std::vector<float> zeros(alone.size(), 0.0f);
  const double power = mean_square_difference(FloatSpan(alone), zeros);
  const double left = mean_square_difference(d.denoise(FloatSpan(alone), kRate), zeros);
  EXPECT_LT(left, power / 10) << "noise " << power << ", left " << left;
}

TEST(SpectralDenoise, DigitalSilenceNeitherHidesTheNoiseNorMakesIt) {
  // A third of the span digital silence (a gate's, a padding's): the noise of the rest is still
  // estimated and taken out, as in the same span without the silence.
  std::vector<float> clean = bursts(2.0), noisy = clean;
  add_noise(noisy, 0.05f, 9);
  std::vector<float> padded(kRate, 0.0f), padded_clean(kRate, 0.0f);
  padded.insert(padded.end(), noisy.begin(), noisy.end());
  padded_clean.insert(padded_clean.end(), clean.begin(), clean.end());
  SpectralDenoiser d;
  const FloatSpan out = d.denoise(FloatSpan(padded), kRate);
  EXPECT_LT(mean_square_difference(out, padded_clean), mean_square_difference(FloatSpan(padded), padded_clean) / 2);
}

TEST(SpectralDenoise, SpansWithoutTenFramesOfSoundComeBackAsTheyAre) {
  SpectralDenoiser d;
  const std::vector<float> short_span(100, 0.3f);
  EXPECT_EQ(d.denoise(FloatSpan(short_span), kRate).data(), short_span.data());
  std::vector<float> nine_frames(10 * kFrame / 2, 0.0f);  // 9 frames wholly inside
  add_noise(nine_frames, 0.1f, 2);
  EXPECT_EQ(d.denoise(FloatSpan(nine_frames), kRate).data(), nine_frames.data());
  const std::vector<float> silent(kRate, 0.0f);
  EXPECT_EQ(d.denoise(FloatSpan(silent), kRate).data(), silent.data());
}

TEST(SpectralDenoise, ThePresetIsTheLpcFeaturesOfTheDenoisedSpan) {
  const FeatureSpec denoised = FeatureSpec::preset("egemaps-level-lpc-denoise");
  const FeatureSpec plain = FeatureSpec::preset("egemaps-level-lpc");
  EXPECT_EQ(denoised.denoise, "spectral");
  EXPECT_EQ(plain.denoise, "none");
  EXPECT_FALSE(plain.to_json().contains("denoise"));  // earlier bundles' specs read back equal
  EXPECT_EQ(FeatureSpec::from_json(denoised.to_json()), denoised);
  std::vector<float> y = bursts(3.0);
  add_noise(y, 0.05f, 5);
  SpectralDenoiser d;
  const FloatSpan cleaned = d.denoise(FloatSpan(y), kRate);
  const std::vector<float> cleaned_copy(cleaned.begin(), cleaned.end());
  const std::vector<float> with_preset = values(Extractor(denoised).compute(FloatSpan(y)));
  EXPECT_EQ(with_preset, values(Extractor(plain).compute(FloatSpan(cleaned_copy))));
  EXPECT_NE(with_preset, values(Extractor(plain).compute(FloatSpan(y))));
  FeatureSpec bad = plain;
  bad.denoise = "wiener";
  EXPECT_THROW(bad.validate(), ParameterError);
}

}  // namespace
}  // namespace ser::features
