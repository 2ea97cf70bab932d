// FeatureSpecs that a librosa call would take but that no window can afford, and spec files
// written to hurt: refused with a ParameterError naming the fields, never bad_alloc or a crash.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "features/feature_spec.h"

namespace ser::features {
namespace {

std::string error_of(const FeatureSpec& s) {
  try {
    s.validate();
  } catch (const ParameterError& e) {
    return e.what();
  }
  return "";
}

// Issue 14, defect 3: a 600 s window with hop_length 1 and 1024 mel bands asked for 40 GB and
// ended in std::bad_alloc.
TEST(FeatureSpecLimits, WorkOutOfProportionToTheAudioIsRefused) {
  FeatureSpec s = FeatureSpec::preset("logmel128");
  s.window_seconds = 600;
  s.hop_length = 1;
  s.n_mels = 1024;
  const std::string e = error_of(s);
  EXPECT_NE(e.find("a window of 600 s at hop_length 1"), std::string::npos) << e;
  EXPECT_NE(e.find("n_mels 1024"), std::string::npos) << e;
  EXPECT_NE(e.find("raise hop_length or shorten the window"), std::string::npos) << e;
  // The presets and long windows at ordinary hops stay within the budget.
  for (const auto& name : FeatureSpec::preset_names()) EXPECT_EQ(error_of(FeatureSpec::preset(name)), "") << name;
  FeatureSpec long_window = FeatureSpec::preset("issa193");
  long_window.window_seconds = 600;
  EXPECT_EQ(error_of(long_window), "");
  EXPECT_NO_THROW(long_window.check_span(60 * 16000));
  // The same rule for a span other than the spec's window (a predict --window, the element's
  // window-duration): one minute at hop_length 16 is 60,001 frames of 1025 values.
  FeatureSpec fine_hop = FeatureSpec::preset("mfcc40");
  fine_hop.pad_short = false;
  fine_hop.hop_length = 16;
  EXPECT_EQ(error_of(fine_hop), "");
  EXPECT_THROW(fine_hop.check_span(60 * 16000), ParameterError);
}

TEST(FeatureSpecLimits, DeeplyNestedSpecFilesAreParameterErrors) {
  const std::string good = FeatureSpec::preset("mfcc40").to_json().dump();
  EXPECT_EQ(FeatureSpec::parse(good), FeatureSpec::preset("mfcc40"));
  std::string deep = good;
  deep.replace(deep.find("\"mfcc\""), 6, std::string(100000, '[') + std::string(100000, ']'));
  try {
    FeatureSpec::parse(deep);
    ADD_FAILURE() << "accepted";
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("FeatureSpec: nested 100002 levels deep"), std::string::npos) << e.what();
  }
  EXPECT_THROW(FeatureSpec::parse("{\"version\": 1,"), ParameterError);
  EXPECT_THROW(FeatureSpec::parse("[]"), ParameterError);
}

}  // namespace
}  // namespace ser::features
