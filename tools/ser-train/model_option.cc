#include "model_option.h"

#include "common/error.h"
#include "nn/default_model.h"

namespace ser::cli {

const char* const kAllowTorchScriptHelp =
    "Load the model even when it is a TorchScript module. TorchScript is code that runs with your rights: use "
    "this only for files from a source you trust (.sermodel bundles need no such trust)";

nn::Classifier load_classifier(const std::string& model, nn::ClassifierOptions options, bool allow_torchscript) {
  std::string path = model;
  if (path.empty()) {
    try {
      path = nn::default_model_path();
    } catch (const ModelError& e) {
      throw ModelError(std::string(e.what()) + "; or pass --model MODEL");
    }
  }
  options.torchscript = allow_torchscript ? nn::TorchScript::Allow : nn::TorchScript::Refuse;
  try {
    return nn::Classifier(path, options);
  } catch (const nn::TorchScriptRefused& e) {
    throw ModelError(std::string(e.what()) + ". Pass --allow-torchscript only if you trust where it came from");
  }
}

}  // namespace ser::cli
