// Level normalisation: a span's active speech level set to the spec's target before its features,
// so that the recording level leaves the features and the within-span dynamics stay.
#include "features/level_norm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "features/extractor.h"
#include "features/feature_spec.h"
#include "features/silence_gate.h"

namespace ser::features {
namespace {

constexpr int kRate = 16000;

// A 200 Hz tone of amplitude `amp` for `seconds`, then `pause` seconds of silence.
std::vector<float> tone_then_pause(double amp, double seconds, double pause) {
  std::vector<float> y(static_cast<size_t>((seconds + pause) * kRate), 0.0f);
  for (size_t i = 0; i < static_cast<size_t>(seconds * kRate); ++i) {
    y[i] = static_cast<float>(amp * std::sin(2.0 * M_PI * 200.0 * static_cast<double>(i) / kRate));
  }
  return y;
}

TEST(LevelNorm, ActiveLevelIgnoresPauses) {
  // A sine of amplitude a has power a^2 / 2: 0.1 is -23.0 dBFS, with or without a pause after it.
  const double expected = 10.0 * std::log10(0.01 / 2.0);
  const auto speech = tone_then_pause(0.1, 1.0, 0.0);
  const auto with_pause = tone_then_pause(0.1, 1.0, 2.0);
  LevelNormaliser n;
  EXPECT_NEAR(n.active_level_dbfs(FloatSpan(speech.data(), speech.size()), kRate), expected, 0.01);
  EXPECT_NEAR(n.active_level_dbfs(FloatSpan(with_pause.data(), with_pause.size()), kRate), expected, 0.01);
  // The plain RMS of the span with the pause is 4.8 dB lower (a third of it has the tone).
  EXPECT_LT(rms_dbfs(FloatSpan(with_pause.data(), with_pause.size())), expected - 4.0);
}

TEST(LevelNorm, GainBringsTheSpanToTheTarget) {
  const auto quiet = tone_then_pause(0.001, 1.0, 0.5);
  LevelNormaliser n;
  const FloatSpan leveled = n.normalise(FloatSpan(quiet.data(), quiet.size()), kRate, -26.0);
  const std::vector<float> out(leveled.begin(), leveled.end());
  EXPECT_NEAR(n.active_level_dbfs(FloatSpan(out.data(), out.size()), kRate), -26.0, 0.01);
  ASSERT_EQ(leveled.size(), quiet.size());
  EXPECT_EQ(leveled[quiet.size() - 1], 0.0f);  // the pause stays silent
}

TEST(LevelNorm, SilenceAndNearSilenceAreNotBlownUp) {
  const std::vector<float> zeros(8000, 0.0f);
  LevelNormaliser n;
  EXPECT_EQ(n.active_level_dbfs(FloatSpan(zeros.data(), zeros.size()), kRate), kFloorDbfs);
  EXPECT_EQ(n.gain_db(FloatSpan(zeros.data(), zeros.size()), kRate, -26.0), 0.0);
  const auto faint = tone_then_pause(1e-6, 0.5, 0.0);  // -123 dBFS: at most kMaxGainDb
  EXPECT_DOUBLE_EQ(n.gain_db(FloatSpan(faint.data(), faint.size()), kRate, -26.0), kMaxGainDb);
  const std::vector<float> empty;
  EXPECT_EQ(n.gain_db(FloatSpan(empty.data(), 0), kRate, -26.0), 0.0);
  const std::vector<float> one(1, 0.5f);  // shorter than a frame
  EXPECT_NEAR(n.active_level_dbfs(FloatSpan(one.data(), 1), kRate), 20.0 * std::log10(0.5), 1e-9);
}

TEST(LevelNorm, EgemapsLevelFeaturesDoNotSeeTheRecordingLevel) {
  // A voiced-like signal at two levels 30 dB apart: plain eGeMAPS tells them apart by loudness and
  // equivalent sound level; egemaps-level gives the same functionals for both.
  std::vector<float> y(2 * kRate);
  for (size_t i = 0; i < y.size(); ++i) {
    const double t = static_cast<double>(i) / kRate;
    y[i] = static_cast<float>(0.2 * (std::sin(2 * M_PI * 150 * t) + 0.5 * std::sin(2 * M_PI * 300 * t) +
                                     0.25 * std::sin(2 * M_PI * 450 * t)));
  }
  std::vector<float> quiet(y);
  for (float& v : quiet) v *= 0.0316228f;  // -30 dB
  Extractor plain(FeatureSpec::preset("egemaps"));
  Extractor leveled(FeatureSpec::preset("egemaps-level"));
  const Matrix a = plain.compute(FloatSpan(y.data(), y.size()));
  const Matrix b = plain.compute(FloatSpan(quiet.data(), quiet.size()));
  const Matrix c = leveled.compute(FloatSpan(y.data(), y.size()));
  const Matrix d = leveled.compute(FloatSpan(quiet.data(), quiet.size()));
  const size_t level = a.cols() - 1;  // equivalentSoundLevel_dBp, the last functional
  EXPECT_NEAR(a(0, level) - b(0, level), 30.0, 0.1);
  EXPECT_NEAR(c(0, level), d(0, level), 0.01);
  EXPECT_NEAR(c(0, 0), d(0, 0), 1e-3 * std::abs(c(0, 0)) + 1e-4);  // F0 mean: unchanged
  EXPECT_NEAR(c(0, 10), d(0, 10), 1e-3 * std::abs(c(0, 10)) + 1e-4);  // loudness mean: now equal
  EXPECT_GT(std::abs(a(0, 10) - b(0, 10)), 0.5 * std::abs(a(0, 10)));
}

TEST(LevelNorm, SpecFieldsRoundTripAndAreChecked) {
  const FeatureSpec s = FeatureSpec::preset("egemaps-level");
  EXPECT_EQ(s.level_norm, "active");
  EXPECT_EQ(FeatureSpec::from_json(s.to_json()), s);
  // Specs without it are written as before (bundles made before it read back equal).
  EXPECT_FALSE(FeatureSpec::preset("egemaps").to_json().contains("level_norm"));
  nlohmann::json j = s.to_json();
  j["level_norm"] = "peak";
  EXPECT_THROW(FeatureSpec::from_json(j), ParameterError);
  j = s.to_json();
  j["level_target_dbfs"] = 6.0;
  EXPECT_THROW(FeatureSpec::from_json(j), ParameterError);
  j["level_target_dbfs"] = "loud";
  EXPECT_THROW(FeatureSpec::from_json(j), ParameterError);
}

}  // namespace
}  // namespace ser::features
