// A FeatureSpec file named by --features or --spec (spec_file.h).
#include "spec_file.h"

#include "common/error.h"
#include "option_file.h"

namespace ser::cli {

features::FeatureSpec read_spec_file(const std::string& path, const std::string& option) {
  const std::string text = read_option_file(path, option, "FeatureSpec file");
  try {
    return features::FeatureSpec::parse(text);
  } catch (const ParameterError& e) {
    throw Error(option + ": '" + path + "': " + e.what());
  }
}

}  // namespace ser::cli
