#include "nn/model_info.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

TEST(ModelInfo, RoundTripsThroughJsonText) {
  const ModelInfo info = test::make_info("logmel_cnn", "logmel64", 7, {{"channels", {8, 16}}});
  const ModelInfo back = ModelInfo::parse(info.to_json().dump());
  EXPECT_EQ(back, info);
  EXPECT_EQ(back.normalization.mean, info.normalization.mean);  // floats exactly
  EXPECT_EQ(back.normalization.std, info.normalization.std);
  EXPECT_EQ(back.corpora, info.corpora);        // verbatim, extra keys included
  EXPECT_EQ(back.evaluation, info.evaluation);
  EXPECT_EQ(back.sample_rate(), 16000);
  EXPECT_EQ(back.window_seconds(), 3.0);
  EXPECT_EQ(back.input_dim(), 64u);
}

TEST(ModelInfo, OptionalFieldsTakeTheirDefaults) {
  auto j = test::make_info("mfcc_cnn", "mfcc40", 3).to_json();
  for (const char* key : {"description", "corpora", "evaluation", "seremotion_version"}) j.erase(key);
  j["architecture"].erase("hyper_parameters");
  const ModelInfo info = ModelInfo::from_json(j);
  EXPECT_TRUE(info.description.empty());
  EXPECT_TRUE(info.corpora.is_array() && info.corpora.empty());
  EXPECT_TRUE(info.evaluation.is_object() && info.evaluation.empty());
  EXPECT_TRUE(info.hyper_parameters.is_object() && info.hyper_parameters.empty());
}

TEST(ModelInfo, BadMetadataIsAModelErrorNamingTheField) {
  const auto good = test::make_info("mfcc_cnn", "mfcc40", 3).to_json();
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
    const char* names;
  };
  const Case cases[] = {
      {"format", [](auto& j) { j["format"] = "onnx"; }, "format"},
      {"format missing", [](auto& j) { j.erase("format"); }, "format"},
      {"version", [](auto& j) { j["format_version"] = 2; }, "format_version 2"},
      {"version type", [](auto& j) { j["format_version"] = "1"; }, "format_version"},
      {"unknown field", [](auto& j) { j["colour"] = "blue"; }, "colour"},
      {"unknown architecture field", [](auto& j) { j["architecture"]["size"] = 1; }, "architecture.size"},
      {"no labels", [](auto& j) { j.erase("labels"); }, "labels"},
      {"one label", [](auto& j) { j["labels"] = {"a"}; }, "labels"},
      {"repeated label", [](auto& j) { j["labels"] = {"a", "b", "a"}; }, "'a'"},
      {"empty label", [](auto& j) { j["labels"] = {"a", ""}; }, "labels"},
      {"label type", [](auto& j) { j["labels"] = {"a", 2}; }, "labels"},
      {"no name", [](auto& j) { j["name"] = ""; }, "name"},
      {"no architecture", [](auto& j) { j["architecture"]["name"] = ""; }, "architecture.name"},
      {"hyper-parameters", [](auto& j) { j["architecture"]["hyper_parameters"] = 3; }, "hyper_parameters"},
      {"features", [](auto& j) { j["features"]["n_fft"] = 0; }, "n_fft"},
      {"features type", [](auto& j) { j["features"] = "mfcc40"; }, "features"},
      {"mean size", [](auto& j) { j["normalization"]["mean"].erase(0); },
       "normalization.mean must be an array of features.feature_dim() = "},
      {"std size", [](auto& j) { j["normalization"]["std"].push_back(1); }, "normalization.std"},
      {"std zero", [](auto& j) { j["normalization"]["std"][3] = 0; }, "normalization.std[3]"},
      {"mean text", [](auto& j) { j["normalization"]["mean"][0] = "x"; }, "normalization.mean"},
      {"mean huge", [](auto& j) { j["normalization"]["mean"][1] = 1e300; }, "normalization.mean[1]"},
      {"sample rate", [](auto& j) { j["sample_rate"] = 22050; }, "sample_rate"},
      {"window", [](auto& j) { j["window_seconds"] = 2.0; }, "window_seconds"},
      {"hop", [](auto& j) { j["hop_seconds"] = 0; }, "hop_seconds"},
      {"hop above window", [](auto& j) { j["hop_seconds"] = 4.0; }, "hop_seconds"},
      {"corpus licence", [](auto& j) { j["corpora"] = {{{"name", "EMO-DB"}}}; }, "corpora[0].licence"},
      {"corpora type", [](auto& j) { j["corpora"] = "RAVDESS"; }, "corpora"},
      {"evaluation type", [](auto& j) { j["evaluation"] = {1, 2}; }, "evaluation"},
      {"temperature zero", [](auto& j) { j["calibration"] = {{"temperature", 0}}; }, "calibration.temperature"},
      // Positive but beyond float: the tempered logits were infinite and every window NaN.
      {"temperature tiny", [](auto& j) { j["calibration"] = {{"temperature", 1e-300}}; },
       "calibration.temperature must be in [0.001, 1000] (got 1e-300)"},
      {"temperature huge", [](auto& j) { j["calibration"] = {{"temperature", 1e6}}; }, "calibration.temperature"},
      {"temperature text", [](auto& j) { j["calibration"] = {{"temperature", "2"}}; }, "temperature"},
      {"calibration method", [](auto& j) { j["calibration"] = {{"method", "platt"}, {"temperature", 2}}; },
       "calibration.method"},
      {"calibration field", [](auto& j) { j["calibration"] = {{"temperature", 2}, {"bias", 1}}; },
       "calibration.bias"},
      {"not an object", [](auto& j) { j = nlohmann::json::array(); }, "object"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto j = good;
    c.edit(j);
    try {
      ModelInfo::from_json(j);
      ADD_FAILURE() << "accepted " << j.dump();
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find(c.names), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(ModelInfo::parse("{\"format\": "), ModelError);
  EXPECT_THROW(ModelInfo::parse(""), ModelError);
}

TEST(ModelInfo, TheCalibrationTemperatureRoundTripsAndIsAbsentWhenNone) {
  ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 3);
  EXPECT_EQ(info.temperature, 1.0);
  EXPECT_FALSE(info.to_json().contains("calibration"));  // older readers keep reading uncalibrated bundles
  info.temperature = 1.75;
  const auto j = info.to_json();
  EXPECT_EQ(j["calibration"]["temperature"], 1.75);
  EXPECT_EQ(j["calibration"]["method"], "temperature scaling");
  EXPECT_EQ(ModelInfo::parse(j.dump()).temperature, 1.75);
}

TEST(ModelInfo, SpeechTrimRoundTripsAndIsAbsentWhenOff) {
  ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 3);
  EXPECT_FALSE(info.to_json().contains("speech_trim"));
  info.speech_trim = {true, 0.4, 0.25};
  auto j = info.to_json();
  EXPECT_EQ(j["speech_trim"]["threshold"], 0.4);
  const ModelInfo back = ModelInfo::parse(j.dump());
  EXPECT_TRUE(back.speech_trim.enabled);
  EXPECT_EQ(back.speech_trim.margin_seconds, 0.25);
  j["speech_trim"]["margin_seconds"] = 1e9;
  EXPECT_THROW(ModelInfo::from_json(j), ModelError);
  j["speech_trim"] = {{"threshold", 0.5}, {"margin_seconds", 0.1}, {"extra", 1}};
  EXPECT_THROW(ModelInfo::from_json(j), ModelError);
  j["speech_trim"] = {{"threshold", "half"}, {"margin_seconds", 0.1}};
  EXPECT_THROW(ModelInfo::from_json(j), ModelError);
  j["speech_trim"] = {{"margin_seconds", 0.1}};
  EXPECT_THROW(ModelInfo::from_json(j), ModelError);
}

TEST(ModelInfo, IdentityNormalization) {
  const auto n = Normalization::identity(3);
  EXPECT_EQ(n.mean, (std::vector<float>{0, 0, 0}));
  EXPECT_EQ(n.std, (std::vector<float>{1, 1, 1}));
}

}  // namespace
}  // namespace ser::nn
