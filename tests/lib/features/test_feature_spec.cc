#include "features/feature_spec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace ser::features {
namespace {

TEST(FeatureSpec, PresetsRoundTripThroughJson) {
  for (const auto& name : FeatureSpec::preset_names()) {
    SCOPED_TRACE(name);
    const FeatureSpec s = FeatureSpec::preset(name);
    const FeatureSpec back = FeatureSpec::from_json(nlohmann::json::parse(s.to_json().dump()));
    EXPECT_EQ(s, back);
    EXPECT_EQ(back.name, name);
  }
}

TEST(FeatureSpec, Issa193IsThe193Vector) {
  const FeatureSpec s = FeatureSpec::preset("issa193");
  EXPECT_EQ(s.shape, InputShape::Vector);
  EXPECT_EQ(s.feature_dim(), 193u);
  EXPECT_TRUE(s.needs_cqt());
}

TEST(FeatureSpec, SequencePresetsHaveTheirBands) {
  EXPECT_EQ(FeatureSpec::preset("mfcc40").feature_dim(), 40u);
  EXPECT_EQ(FeatureSpec::preset("logmel128").feature_dim(), 128u);
  EXPECT_EQ(FeatureSpec::preset("logmel64").feature_dim(), 64u);
  const FeatureSpec s = FeatureSpec::preset("logmel128");
  EXPECT_EQ(s.window_samples(), 48000u);
  EXPECT_EQ(s.frames_for(48000), 94u);  // 1 + 48000 // 512
  EXPECT_EQ(s.frames_for(1000), 94u);   // padded to the window
}

TEST(FeatureSpec, UnknownPresetNamesTheKnownOnes) {
  try {
    FeatureSpec::preset("nope");
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("issa193"), std::string::npos);
  }
}

TEST(FeatureSpec, BadJsonIsAClearError) {
  const auto good = FeatureSpec::preset("mfcc40").to_json();
  struct Case {
    const char* key;
    nlohmann::json value;
    const char* names;
  };
  const Case cases[] = {
      {"n_fft", 0, "n_fft"},
      {"hop_length", -5, "hop_length"},
      {"n_mfcc", 500, "n_mfcc"},
      {"sample_rate", 10, "sample_rate"},
      {"fmax", 9000.0, "fmax"},
      {"window_seconds", 0.0, "window_seconds"},
      {"shape", "cube", "shape"},
      {"features", nlohmann::json::array({"mfcc", "logmel"}), "features"},
      {"features", nlohmann::json::array({"zcr"}), "zcr"},
      {"n_fft", "big", "wrong type"},
      {"version", 7, "version"},
      {"colour", "blue", "colour"},
      {"contrast_quantile", 1.5, "contrast_quantile"},
      {"tonnetz_source", "fft", "tonnetz_source"},
      // Numbers an int cannot hold, or with a fraction (the fuzzer's 5.5e41 was undefined behaviour).
      {"contrast_n_bands", 5.55e41, "contrast_n_bands"},
      {"n_fft", 256.5, "n_fft"},
      {"hop_length", 4294967296LL, "hop_length"},
      {"version", 1e300, "version"},
      {"version", "no0e", "wrong type"},  // the fuzzer's: once an uncaught nlohmann error
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    auto j = good;
    j[c.key] = c.value;
    try {
      FeatureSpec::from_json(j);
      ADD_FAILURE() << "accepted " << j.dump();
    } catch (const ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find(c.names), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(FeatureSpec::from_json(nlohmann::json::array()), ParameterError);
}

}  // namespace
}  // namespace ser::features
