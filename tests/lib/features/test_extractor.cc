#include "features/extractor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"

namespace ser::features {
namespace {

// A spec whose window holds every golden input whole, so the features are those of the clip.
FeatureSpec whole_clip(const std::string& preset) {
  FeatureSpec s = FeatureSpec::preset(preset);
  s.window_seconds = 10.0;
  s.pad_short = false;
  return s;
}

TEST(Extractor, LogmelSequenceMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Extractor ex(whole_clip("logmel128"));
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix out = ex.compute(g.y());
    const Matrix ref = g.load("logmel_db").as_matrix();
    ASSERT_EQ(out.rows(), 128u);
    ASSERT_EQ(out.cols(), ref.cols());
    // power_to_db(mel, ref=max): 2e-4 dB within 60 dB of the peak; float32 FFT rounding (librosa's
    // numpy FFT runs in double) reaches ~1e-3 dB near the -80 dB floor.
    for (size_t i = 0; i < ref.size(); ++i) {
      const double tol = ref.data()[i] > -60.0 ? 2e-4 : 3e-3;
      ASSERT_NEAR(out.data()[i], ref.data()[i], tol) << "element " << i;
    }
  }
}

TEST(Extractor, MfccSequenceMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Extractor ex(whole_clip("mfcc40"));
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix ref = g.load("mfcc40").as_matrix();
    EXPECT_LE(test::max_abs_diff(ex.compute(g.y()), ref), 2e-3);
  }
}

TEST(Extractor, ShortAudioIsPaddedToTheWindowWhenTheSpecSaysSo) {
  FeatureSpec s = FeatureSpec::preset("logmel64");
  Extractor ex(s);
  std::vector<float> y(8000, 0.1f);
  const Matrix out = ex.compute(y);
  EXPECT_EQ(out.rows(), 64u);
  EXPECT_EQ(out.cols(), s.frames_for(y.size()));
  EXPECT_EQ(out.cols(), 94u);
  s.pad_short = false;
  Extractor unpadded(s);
  EXPECT_EQ(unpadded.compute(y).cols(), 1u + 8000u / 512u);
}

TEST(Extractor, SilenceGivesFiniteFeatures) {
  for (const auto& name : {"mfcc40", "logmel128"}) {
    SCOPED_TRACE(name);
    Extractor ex(FeatureSpec::preset(name));
    std::vector<float> silence(48000, 0.0f);
    const Matrix out = ex.compute(silence);
    for (size_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i]));
  }
}

TEST(Extractor, OneSampleIsEnough) {
  FeatureSpec s = FeatureSpec::preset("mfcc40");
  s.pad_short = false;
  Extractor ex(s);
  std::vector<float> y{0.5f};
  const Matrix out = ex.compute(y);
  EXPECT_EQ(out.cols(), 1u);
  for (size_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i]));
}

TEST(Extractor, NonFiniteOrEmptyAudioIsRejectedByName) {
  Extractor ex(FeatureSpec::preset("logmel64"));
  std::vector<float> y(1000, 0.1f);
  y[123] = std::numeric_limits<float>::quiet_NaN();
  try {
    ex.compute(y);
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("sample 123 is NaN"), std::string::npos) << e.what();
  }
  y[123] = std::numeric_limits<float>::infinity();
  EXPECT_THROW(ex.compute(y), ParameterError);
  EXPECT_THROW(ex.compute(FloatSpan()), ParameterError);
  // The extractor is still usable after a rejection.
  y[123] = 0.0f;
  EXPECT_EQ(ex.compute(y).rows(), 64u);
}

TEST(Extractor, ReusingTheExtractorGivesIdenticalResults) {
  Extractor ex(FeatureSpec::preset("mfcc40"));
  std::vector<float> a(30000), b(50000);
  for (size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.01f * i);
  for (size_t i = 0; i < b.size(); ++i) b[i] = 0.2f * std::cos(0.003f * i);
  const Matrix first = ex.compute(a);
  ex.compute(b);
  const Matrix again = ex.compute(a);
  EXPECT_EQ(first.storage(), again.storage());
}

}  // namespace
}  // namespace ser::features
