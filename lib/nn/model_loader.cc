// load_model: a model file of either format, with every failure a ModelError naming the file.
#include <c10/core/InferenceMode.h>
#include <c10/util/Exception.h>
#include <torch/types.h>

#include <cmath>
#include <sstream>

#include "common/error.h"
#include "nn/container.h"
#include "nn/model_file.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"

namespace ser::nn {
namespace {

// The zip local-file-header signature that starts every TorchScript file.
bool is_zip(const std::string& bytes) { return bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0; }

LoadedModel load_bytes(const std::string& bytes, TorchScript torchscript) {
  if (has_container_magic(bytes)) {
    NativeModel native = load_native_model(bytes);
    return {std::move(native.info), network_of(std::move(native.net))};
  }
  if (is_zip(bytes)) {
    if (torchscript == TorchScript::Refuse) {
      throw TorchScriptRefused(
          "is a TorchScript module, which is code: loading it runs what its author wrote with the rights of this "
          "program, whatever the checks. TorchScript is loaded only when allowed explicitly, for files from a source "
          "you trust; the native .sermodel bundle is the safe format");
    }
    return load_torchscript_model(bytes);
  }
  throw ModelError("neither a .sermodel bundle nor a TorchScript module (unknown first bytes)");
}

std::string shape_text(c10::IntArrayRef shape) {
  std::ostringstream s;
  s << shape;
  return s.str();
}

// Two windows of normalised features: all 0 (every feature at its training mean) and a fixed
// pattern in [-3, 3] (within three standard deviations), the shapes the network is fed.
torch::Tensor probe_input(const ModelInfo& info) {
  const auto dim = static_cast<int64_t>(info.input_dim());
  const auto frames = static_cast<int64_t>(info.features.frames_for(info.features.window_samples()));
  const bool vector = info.features.shape == features::InputShape::Vector;
  torch::Tensor x = vector ? torch::zeros({2, dim}) : torch::zeros({2, dim, frames});
  torch::Tensor pattern = x[1];
  const auto n = pattern.numel();
  pattern.copy_(torch::sin(torch::arange(n, torch::kFloat) * 0.7f).mul_(3.0f).reshape(pattern.sizes()));
  return x;
}

}  // namespace

void check_outputs(Network& network, const ModelInfo& info) {
  const torch::Tensor x = probe_input(info);
  torch::Tensor logits;
  try {
    c10::InferenceMode guard;
    logits = network.forward(x);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError("the network fails on an input of shape " + shape_text(x.sizes()) +
                     " (two windows of its features): " + torch_error_message(e));
  }
  const auto n = static_cast<int64_t>(info.labels.size());
  if (logits.dim() != 2 || logits.size(0) != 2 || logits.size(1) != n) {
    throw ModelError("the network returns shape " + shape_text(logits.sizes()) + " for two windows, but the " +
                     std::to_string(n) + " labels of its metadata need [2, " + std::to_string(n) + "]");
  }
  if (!logits.is_floating_point()) {
    throw ModelError("the network returns " + std::string(c10::toString(logits.scalar_type())) +
                     ", not floating-point logits");
  }
  const torch::Tensor p = torch::softmax(logits.to(torch::kFloat), 1);
  if (!torch::isfinite(p).all().item<bool>()) {
    throw ModelError(
        "the check pass gives probabilities that are not numbers (NaN or infinite) for a plain input: its "
        "parameters overflow or are impossible (e.g. weights of 1e30), so it could give no answer");
  }
}

std::string torch_error_message(const std::exception& e) {
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e)) return c10_error->what_without_backtrace();
  std::string text = e.what();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const auto last_line = text.rfind('\n');
  return last_line == std::string::npos ? text : text.substr(last_line + 1);
}

LoadedModel load_model_bytes(const std::string& bytes, TorchScript torchscript, const std::string& name) {
  const std::string where = name.empty() ? "" : name + ": ";
  // Whatever goes wrong below, in our checks or inside libtorch, ends here as one ModelError.
  try {
    LoadedModel model = load_bytes(bytes, torchscript);
    check_outputs(*model.network, model.info);
    return model;
  } catch (const TorchScriptRefused& e) {
    throw TorchScriptRefused(where + e.what());
  } catch (const Error& e) {
    throw ModelError(where + e.what());
  } catch (const std::exception& e) {
    throw ModelError(where + "libtorch refused it: " + torch_error_message(e));
  }
}

LoadedModel load_model(const std::string& path, TorchScript torchscript) {
  return load_model_bytes(read_model_file(path), torchscript, "model file '" + path + "'");
}

}  // namespace ser::nn
