// ser-train: a FeatureSpec JSON file given on the command line (--features FILE, --spec FILE).
#pragma once

#include <string>

#include "features/feature_spec.h"

namespace ser::cli {

// The spec in the file at `path`. Throws ser::Error starting with `option` (e.g. "--spec") when the
// file cannot be read, is not JSON, nests too deep or is not a valid FeatureSpec.
features::FeatureSpec read_spec_file(const std::string& path, const std::string& option);

}  // namespace ser::cli
