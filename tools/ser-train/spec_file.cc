#include "spec_file.h"

#include <fstream>
#include <sstream>

#include "common/error.h"

namespace ser::cli {

features::FeatureSpec read_spec_file(const std::string& path, const std::string& option) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!(in && text << in.rdbuf())) throw Error(option + ": cannot read the FeatureSpec file '" + path + "'");
  try {
    return features::FeatureSpec::parse(text.str());
  } catch (const ParameterError& e) {
    throw Error(option + ": " + path + ": " + e.what());
  }
}

}  // namespace ser::cli
