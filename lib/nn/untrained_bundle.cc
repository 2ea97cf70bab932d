#include "nn/untrained_bundle.h"

#include <torch/utils.h>

#include "nn/torch_modules.h"
#include "nn/torch_network.h"

namespace ser::nn {

void write_untrained_bundle(const std::string& path, const ModelInfo& info, std::uint64_t seed) {
  info.validate();
  torch::manual_seed(seed);
  auto net = make_network(info.architecture, info.hyper_parameters, info.input_dim(), info.labels.size());
  net->eval();
  save_bundle(path, info, *net);
}

}  // namespace ser::nn
