// seremotion: where the default model is, for the element's model-location and ser-train predict.
#pragma once

#include <string>
#include <vector>

namespace ser::nn {

// The places looked at: $SEREMOTION_DEFAULT_MODEL alone when it is set; else <dir>/<default name>
// for each dir of shipped_model_dirs() (common/shipped_files.h): the installed models beside the
// running plugin or ser-train, or the build tree's copy of models/ when it is not installed.
std::vector<std::string> default_model_candidates();

// The first candidate that is a regular file. Throws ModelError naming every path tried and saying
// how to name a model instead.
std::string default_model_path();

}  // namespace ser::nn
