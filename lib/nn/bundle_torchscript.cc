// Loading TorchScript modules saved from Python with the model metadata as an extra file.
#include <sstream>

#include <torch/script.h>

#include "common/error.h"
#include "nn/torch_network.h"
#include "nn/zip_check.h"

namespace ser::nn {
namespace {

constexpr const char* kMetadataFile = "seremotion.json";

class ScriptNetwork : public Network {
 public:
  explicit ScriptNetwork(torch::jit::Module module) : module_(std::move(module)) {}

  at::Tensor forward(const at::Tensor& x) override {
    const auto out = module_.forward({x});
    if (!out.isTensor()) {
      throw ModelError(std::string("the TorchScript module's forward returned a ") + out.tagKind() +
                       ", not a tensor of logits");
    }
    return out.toTensor();
  }
  void to(const c10::Device& device) override { module_.to(device); }

 private:
  torch::jit::Module module_;
};

std::string shape_text(c10::IntArrayRef shape) {
  std::ostringstream s;
  s << shape;
  return s.str();
}

// A TorchScript module's input contract cannot be read from it: one forward on zeros of the
// window's shape shows whether it takes the features and returns one logit per label.
void probe(Network& network, const ModelInfo& info) {
  const auto dim = static_cast<int64_t>(info.input_dim());
  const auto x = info.features.shape == features::InputShape::Vector
                     ? torch::zeros({1, dim})
                     : torch::zeros({1, dim, static_cast<int64_t>(info.features.frames_for(info.features.window_samples()))});
  torch::Tensor y;
  try {
    c10::InferenceMode guard;
    y = network.forward(x);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError("the TorchScript module fails on an input of shape " + shape_text(x.sizes()) +
                     " (one window of its features): " + torch_error_message(e));
  }
  const auto n = static_cast<int64_t>(info.labels.size());
  if (y.dim() != 2 || y.size(0) != 1 || y.size(1) != n) {
    throw ModelError("the TorchScript module returns shape " + shape_text(y.sizes()) + " for one window, but the " +
                     std::to_string(n) + " labels of its metadata need [1, " + std::to_string(n) + "]");
  }
  if (!y.is_floating_point()) throw ModelError("the TorchScript module returns " + std::string(c10::toString(y.scalar_type())) + ", not floating-point logits");
}

}  // namespace

LoadedModel load_torchscript_model(const std::string& bytes) {
  check_zip_archive(bytes);  // libtorch itself checks no CRC (zip_check.h)
  std::istringstream in(bytes);
  torch::jit::ExtraFilesMap extra{{kMetadataFile, ""}};
  torch::jit::Module module = torch::jit::load(in, torch::kCPU, extra);
  const std::string& json = extra[kMetadataFile];
  if (json.empty()) {
    throw ModelError(std::string("the TorchScript module has no extra file '") + kMetadataFile +
                     "' with the model metadata (save it with torch.jit.save(module, path, "
                     "_extra_files={'seremotion.json': metadata_json}))");
  }
  LoadedModel model;
  model.info = ModelInfo::parse(json);
  module.eval();
  model.network = std::make_unique<ScriptNetwork>(std::move(module));
  probe(*model.network, model.info);
  return model;
}

}  // namespace ser::nn
