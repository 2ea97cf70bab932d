// seremotion (internal to lib/nn and lib/train: includes libtorch): what the Classifier runs and
// how bundles are saved and loaded.
#pragma once

#include <memory>
#include <string>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "nn/classifier.h"
#include "nn/model_info.h"

namespace ser::nn {

class ZooNet;

// A network ready for inference: a zoo module from a .sermodel bundle or a TorchScript module,
// in eval mode. forward() may be called from several threads at once (it changes no state).
class Network {
 public:
  virtual ~Network() = default;
  // Normalised features, (B, D) or (B, F, T), on the network's device -> logits (B, C).
  virtual at::Tensor forward(const at::Tensor& x) = 0;
  virtual void to(const c10::Device& device) = 0;
};

struct LoadedModel {
  ModelInfo info;
  std::unique_ptr<Network> network;  // on the CPU, in eval mode
};

// Loads a .sermodel bundle or, when `torchscript` is Allow, a TorchScript module carrying
// "seremotion.json" (told apart by their first bytes, not their names), checking everything it
// reads (see the two below); a TorchScript module with Refuse is a TorchScriptRefused error.
// Then the check pass (check_outputs). Every failure is a ModelError naming the file and the problem.
LoadedModel load_model(const std::string& path, TorchScript torchscript = TorchScript::Refuse);
// The same for the bytes of a model file; `name` (e.g. "model file 'x'") starts every message.
LoadedModel load_model_bytes(const std::string& bytes, TorchScript torchscript, const std::string& name);

// The check pass of every model loaded: one forward on a batch of two windows of the model's
// length (features all at their mean, and a fixed pattern within 3 standard deviations of it)
// must give one row of logits per window and label, from which softmax makes finite
// probabilities. Parameters that overflow (weights of 1e30) or are impossible end here rather
// than in a label with confidence NaN. Throws ModelError (without the file name).
void check_outputs(Network& network, const ModelInfo& info);

// A .sermodel bundle: container (container.h), metadata, then the network its architecture and
// hyper-parameters describe, built for the metadata's features and labels, and filled from the
// tensor index, which must name every parameter and buffer of that network, nothing else, each
// with its shape and dtype. Throws ModelError (without the file name; load_model adds it).
struct NativeModel {
  ModelInfo info;
  std::shared_ptr<ZooNet> net;  // on the CPU, in eval mode
};
NativeModel load_native_model(const std::string& bytes);
std::unique_ptr<Network> network_of(std::shared_ptr<ZooNet> net);

// A TorchScript zip with the metadata as extra file "seremotion.json", its structure and
// checksums verified (zip_check.h) before libtorch reads it. The module's forward must
// take the normalised features as the zoo does ((B, D) or (B, F, T)) and return logits (B, C):
// load_model's check pass shows whether it does. Throws ModelError.
LoadedModel load_torchscript_model(const std::string& bytes);

// What an exception thrown inside libtorch says, for a person: c10::Error without its C++
// backtrace; a TorchScript interpreter error (whose message is a script traceback) by its last line.
std::string torch_error_message(const std::exception& e);

// Saves `net` with `info` as a .sermodel bundle at `path`. The architecture, its complete
// hyper-parameters and seremotion_version in the written metadata are the network's and this
// build's; the features and labels must fit the network (input_dim, n_classes). The same network
// and metadata always give the same bytes. Throws ModelError naming the file.
void save_bundle(const std::string& path, ModelInfo info, ZooNet& net);

}  // namespace ser::nn
