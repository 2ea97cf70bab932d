// seremotion: where the default model is, for the element's model-location and ser-train predict.
#pragma once

#include <string>
#include <vector>

namespace ser::nn {

// The places looked at: $SEREMOTION_DEFAULT_MODEL alone when it is set; else, in order, the
// installed <datadir>/seremotion/models/<default name> and the source tree's models/<default name>
// (so an uninstalled build finds the shipped model).
std::vector<std::string> default_model_candidates();

// The first candidate that is a regular file. Throws ModelError naming every path tried and saying
// how to name a model instead.
std::string default_model_path();

}  // namespace ser::nn
