// Samples far beyond full scale: refused by name like NaN (issue 14, defect 5: a sample of 1e30
// gave features of NaN, and the element stopped the stream on "feature (0, 0) is -nan").
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/error.h"
#include "features/extractor.h"
#include "features/audio_check.h"

namespace ser::features {
namespace {

std::vector<float> tone(std::size_t n, float amplitude) {
  std::vector<float> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = amplitude * std::sin(0.05f * static_cast<float>(i));
  return y;
}

TEST(SampleLimits, HugeFiniteSamplesAreRejectedByName) {
  Extractor ex(FeatureSpec::preset("logmel64"));
  std::vector<float> y = tone(16000, 0.1f);
  y[77] = 1e30f;
  try {
    ex.compute(y);
    FAIL() << "features of a sample of 1e30";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("sample 77 is 1e+30, beyond +-10000"), std::string::npos) << e.what();
  }
  y[77] = -2e4f;
  EXPECT_THROW(ex.compute(y), ParameterError);
  EXPECT_FALSE(usable_sample(std::nanf("")));
  EXPECT_FALSE(usable_sample(-INFINITY));
  EXPECT_TRUE(usable_sample(-kMaxSampleMagnitude));
}

// At the limit every preset's features are still numbers: the limit is where they stay finite.
TEST(SampleLimits, FeaturesOfSamplesAtTheLimitAreFinite) {
  for (const auto& name : FeatureSpec::preset_names()) {
    FeatureSpec spec = FeatureSpec::preset(name);
    spec.window_seconds = 1.0;
    Extractor ex(spec);
    const Matrix m = ex.compute(tone(16000, kMaxSampleMagnitude));
    for (std::size_t i = 0; i < m.size(); ++i) ASSERT_TRUE(std::isfinite(m.data()[i])) << name << " value " << i;
  }
}

}  // namespace
}  // namespace ser::features
