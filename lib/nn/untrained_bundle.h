// seremotion: a model bundle with random weights, for tests, benchmarks and trying the element
// without a trained model.
#pragma once

#include <cstdint>
#include <string>

#include "nn/model_info.h"

namespace ser::nn {

// Writes a .sermodel bundle at `path`: the network that info.architecture and
// info.hyper_parameters describe (zoo.h), built for info's features and labels, with torch's
// default initialisation seeded by `seed` (the same seed gives the same bytes), saved with `info`
// as its metadata. Throws ParameterError for an architecture that cannot take info's input,
// ModelError for metadata that does not validate or a file that cannot be written (naming it).
void write_untrained_bundle(const std::string& path, const ModelInfo& info, std::uint64_t seed);

}  // namespace ser::nn
