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
  return model;
}

}  // namespace ser::nn
