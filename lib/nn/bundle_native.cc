// Saving and loading .sermodel bundles (container.h): zoo networks with their metadata.
#include <cstring>
#include <map>
#include <sstream>

#include <torch/nn/module.h>

#include "common/error.h"
#include "common/number_text.h"
#include "nn/container.h"
#include "nn/model_file.h"
#include "nn/network_cost.h"
#include "nn/tensor_index.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn/zoo.h"
#include "ser_config.h"

namespace ser::nn {
namespace {

class ZooNetwork : public Network {
 public:
  explicit ZooNetwork(std::shared_ptr<ZooNet> net) : net_(std::move(net)) {}
  at::Tensor forward(const at::Tensor& x) override { return net_->forward(x); }
  void to(const c10::Device& device) override { net_->to(device); }

 private:
  std::shared_ptr<ZooNet> net_;
};

// Every parameter, then every buffer, by dotted name, in the module's registration order.
std::vector<std::pair<std::string, torch::Tensor>> named_tensors(const ZooNet& net) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : net.named_parameters()) out.emplace_back(p.key(), p.value());
  for (const auto& b : net.named_buffers()) out.emplace_back(b.key(), b.value());
  return out;
}

TensorDType dtype_of(const std::string& name, const torch::Tensor& t) {
  if (t.scalar_type() == torch::kFloat) return TensorDType::Float32;
  if (t.scalar_type() == torch::kLong) return TensorDType::Int64;
  throw ModelError("tensor '" + name + "' has dtype " + std::string(c10::toString(t.scalar_type())) +
                   ", which a bundle cannot store (float32, int64)");
}

std::string shape_text(c10::IntArrayRef shape) {
  std::ostringstream s;
  s << shape;
  return s.str();
}

// The network's input shape, features, and labels must describe the same network.
void check_fits(const ModelInfo& info, const std::string& arch) {
  const auto input = architecture_input(arch);
  if (input != info.features.shape) {
    const bool vector = input == features::InputShape::Vector;
    throw ModelError("architecture '" + arch + "' takes a " + (vector ? "vector" : "sequence") + " but features '" +
                     info.features.name + "' are a " + (vector ? "sequence" : "vector"));
  }
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A run_average's run normalisation divides by its "std" and temperature (zoo.h): values at or
// below 0, or a temperature outside what a bundle may carry, would give infinities or NaN.
void check_run_scales(const torch::Tensor& t, const std::string& name) {
  if (name.rfind("runs.", 0) != 0) return;
  if (ends_with(name, ".std") && (t <= 0).any().item<bool>()) {
    throw ModelError("tensor '" + name + "' holds values <= 0, which a standard deviation cannot have (the run's " +
                     "input is divided by it): the file was not written by ser-train average");
  }
  if (ends_with(name, ".temperature") &&
      ((t < kMinTemperature).any().item<bool>() || (t > kMaxTemperature).any().item<bool>())) {
    throw ModelError("tensor '" + name + "' holds a calibration temperature outside [" +
                     number_text(kMinTemperature) + ", " + number_text(kMaxTemperature) +
                     "]: the file was not written by ser-train average");
  }
}

// Values no training can produce and that a network turns into NaN: a BatchNorm variance below 0
// (its square root), a negative count of batches.
void check_possible(const torch::Tensor& t, const std::string& name) {
  if (t.is_floating_point()) check_run_scales(t, name);
  const bool variance = ends_with(name, "running_var");
  if ((variance || ends_with(name, "num_batches_tracked")) && t.numel() > 0 && (t < 0).any().item<bool>()) {
    throw ModelError("tensor '" + name + "' holds negative values, which " +
                     (variance ? "a variance cannot have (BatchNorm would take their square root: NaN)"
                               : "a count cannot have") +
                     ": the file was not written by training");
  }
}

// Copies the bytes of `record` into `t` after checking that they are the tensor the network has.
void fill(torch::Tensor& t, const std::string& name, const TensorRecord& record, std::string_view data,
          const std::string& arch) {
  if (record.dtype != dtype_of(name, t)) {
    throw ModelError("tensor '" + name + "' is " + dtype_name(record.dtype) + " in the file but " +
                     dtype_name(dtype_of(name, t)) + " in the network");
  }
  if (c10::IntArrayRef(record.shape) != t.sizes()) {
    throw ModelError("tensor '" + name + "' has shape " + shape_text(record.shape) + " in the file but " +
                     shape_text(t.sizes()) + " in the '" + arch +
                     "' network the metadata describes: do its labels, features and hyper-parameters belong to "
                     "these weights?");
  }
  torch::NoGradGuard no_grad;
  std::memcpy(t.data_ptr(), data.data() + record.offset, record.nbytes());
  if (t.is_floating_point() && !torch::isfinite(t).all().item<bool>()) {
    throw ModelError("tensor '" + name + "' holds NaN or infinite values");
  }
  check_possible(t, name);
}

// Before anything is allocated: the network the metadata describes must fit in the tensors the
// file holds (1 KB of metadata could ask for 30 billion weights) and one window of it must be
// affordable (network_cost.h).
void check_affordable(const ModelInfo& info, std::size_t data_bytes) {
  const auto& spec = info.features;
  const std::size_t frames = spec.shape == features::InputShape::Vector ? 1 : spec.frames_for(spec.window_samples());
  check_network_cost(info.architecture, info.hyper_parameters, info.input_dim(), info.labels.size(), frames);
  const NetworkCost cost = network_cost(info.architecture, info.hyper_parameters, info.input_dim(), info.labels.size(),
                                        frames);
  if (cost.weights * 4 > static_cast<double>(data_bytes)) {
    std::ostringstream msg;
    msg.precision(3);
    msg << "the '" << info.architecture << "' network the metadata describes has at least " << cost.weights
        << " weights, but the file holds " << data_bytes
        << " bytes of tensors: do its hyper-parameters, features and labels belong to these weights?";
    throw ModelError(msg.str());
  }
}

ModelInfo parse_metadata(std::string_view text) {
  ModelInfo info = ModelInfo::parse(std::string(text));
  try {
    check_fits(info, info.architecture);
  } catch (const ParameterError& e) {
    throw ModelError(std::string("model metadata: ") + e.what());
  }
  return info;
}

}  // namespace

std::unique_ptr<Network> network_of(std::shared_ptr<ZooNet> net) { return std::make_unique<ZooNetwork>(std::move(net)); }

NativeModel load_native_model(const std::string& bytes) {
  const ContainerSections sections = unpack_container(bytes);
  NativeModel model;
  model.info = parse_metadata(sections.metadata);
  const auto records = parse_tensor_index(sections.tensor_index, sections.tensor_data.size());
  const auto& info = model.info;
  try {
    check_affordable(info, sections.tensor_data.size());
    model.net = make_network(info.architecture, info.hyper_parameters, info.input_dim(), info.labels.size());
  } catch (const ParameterError& e) {
    throw ModelError(std::string("model metadata: ") + e.what());
  }
  std::map<std::string, const TensorRecord*> unused;
  for (const auto& r : records) unused[r.name] = &r;
  for (auto& [name, tensor] : named_tensors(*model.net)) {
    const auto it = unused.find(name);
    if (it == unused.end()) {
      throw ModelError("tensor '" + name + "' of the '" + info.architecture + "' network is missing from the file");
    }
    fill(tensor, name, *it->second, sections.tensor_data, info.architecture);
    unused.erase(it);
  }
  if (!unused.empty()) {
    throw ModelError("tensor '" + unused.begin()->first + "' in the file is not part of the '" + info.architecture +
                     "' network the metadata describes");
  }
  model.net->eval();
  return model;
}

void save_bundle(const std::string& path, ModelInfo info, ZooNet& net) {
  try {
    info.architecture = net.architecture();
    info.hyper_parameters = net.hyper_parameters();
    info.seremotion_version = SER_VERSION;
    info.validate();
    check_fits(info, net.architecture());
    if (info.input_dim() != net.input_dim() || info.labels.size() != net.n_classes()) {
      throw ModelError("the network takes " + std::to_string(net.input_dim()) + " features and gives " +
                       std::to_string(net.n_classes()) + " classes, but the metadata has " +
                       std::to_string(info.input_dim()) + " features and " + std::to_string(info.labels.size()) +
                       " labels");
    }
    std::vector<TensorRecord> records;
    std::string data;
    for (const auto& [name, tensor] : named_tensors(net)) {
      const auto t = tensor.detach().to(torch::kCPU).contiguous();
      TensorRecord r{name, dtype_of(name, t), t.sizes().vec(), align_tensor_offset(data.size())};
      data.resize(r.offset, '\0');
      data.append(static_cast<const char*>(t.data_ptr()), r.nbytes());
      records.push_back(std::move(r));
    }
    const std::string metadata = info.to_json().dump(2);
    const std::string index = tensor_index_to_json(records).dump();
    write_model_file(path, pack_container({metadata, index, data}));
  } catch (const Error& e) {
    if (std::string(e.what()).rfind("model file '", 0) == 0) throw;
    throw ModelError("model file '" + path + "': cannot save: " + e.what());
  }
}

}  // namespace ser::nn
