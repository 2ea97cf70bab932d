#include "nn/torch_modules.h"

#include <torch/nn/functional/padding.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/functional.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "nn/zoo.h"

namespace ser::nn {
namespace {

namespace tnn = torch::nn;

tnn::Functional relu() { return tnn::Functional(torch::relu); }

// Conv1d over time with 'same' padding (odd kernels).
tnn::Conv1d conv1d(int in, int out, int kernel, bool bias) {
  return tnn::Conv1d(tnn::Conv1dOptions(in, out, kernel).padding(kernel / 2).bias(bias));
}

// Per block: Conv1d(no bias) BN ReLU MaxPool1d, over (B, C, T) (ReLU and max-pooling commute).
tnn::Sequential conv1d_blocks(int in, const std::vector<int>& channels, int kernel, int pool) {
  tnn::Sequential blocks;
  for (int c : channels) {
    blocks->push_back(conv1d(in, c, kernel, false));
    blocks->push_back(tnn::BatchNorm1d(c));
    blocks->push_back(tnn::MaxPool1d(tnn::MaxPool1dOptions(pool)));
    blocks->push_back(relu());  // after the pooling: the same values (both are monotonic), on fewer
    in = c;
  }
  return blocks;
}

class StridedMaxPool2dImpl : public tnn::Module {
 public:
  explicit StridedMaxPool2dImpl(int size) : size_(size) {}
  torch::Tensor forward(const torch::Tensor& x) { return strided_max_pool2d(x, size_); }

 private:
  int size_;
};
TORCH_MODULE(StridedMaxPool2d);

// Per block: Conv2d(no bias) BN StridedMaxPool2d ReLU, over (B, C, F, T).
tnn::Sequential conv2d_blocks(const std::vector<int>& channels, int kernel, int pool) {
  tnn::Sequential blocks;
  int in = 1;
  for (int c : channels) {
    blocks->push_back(tnn::Conv2d(tnn::Conv2dOptions(in, c, kernel).padding(kernel / 2).bias(false)));
    blocks->push_back(tnn::BatchNorm2d(c));
    blocks->push_back(StridedMaxPool2d(pool));
    blocks->push_back(relu());  // after the pooling: the same values, on a pool^2-th of them
    in = c;
  }
  return blocks;
}

// Mean and max over the last axis, concatenated: (B, C, T) -> (B, 2 C).
torch::Tensor mean_max_over_time(const torch::Tensor& x) {
  return torch::cat({x.mean(-1), std::get<0>(x.max(-1))}, 1);
}

class Issa1d : public ZooNet {
 public:
  Issa1d(const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes)
      : ZooNet(Issa1dParams::kName, hp, input_dim, n_classes) {
    const auto p = hp.get<Issa1dParams>();
    const int k = p.kernel_size;
    const int c = p.channels;
    body_->push_back(conv1d(1, p.first_channels, k, true));
    body_->push_back(tnn::BatchNorm1d(p.first_channels));
    body_->push_back(relu());
    body_->push_back(conv1d(p.first_channels, c, k, true));
    body_->push_back(relu());
    body_->push_back(tnn::Dropout(p.dropout_early));
    body_->push_back(tnn::BatchNorm1d(c));
    body_->push_back(tnn::MaxPool1d(tnn::MaxPool1dOptions(p.pool_size)));
    for (int i = 0; i < 2; ++i) {
      body_->push_back(conv1d(c, c, k, true));
      body_->push_back(relu());
    }
    body_->push_back(conv1d(c, c, k, true));
    body_->push_back(tnn::BatchNorm1d(c));
    body_->push_back(relu());
    body_->push_back(tnn::Dropout(p.dropout_late));
    body_->push_back(conv1d(c, c, k, true));
    body_->push_back(relu());
    const auto flat = static_cast<int64_t>(c) * static_cast<int64_t>(input_dim / static_cast<std::size_t>(p.pool_size));
    head_->push_back(tnn::Dropout(p.dropout_head));
    head_->push_back(tnn::Linear(flat, static_cast<int64_t>(n_classes)));
    if (p.head_batchnorm) head_->push_back(tnn::BatchNorm1d(static_cast<int64_t>(n_classes)));
    register_module("body", body_);
    register_module("head", head_);
  }

  torch::Tensor forward(torch::Tensor x) override { return head_->forward(body_->forward(x.unsqueeze(1)).flatten(1)); }

 private:
  tnn::Sequential body_;
  tnn::Sequential head_;
};

// Convolution blocks, then mean and max over time, dropout and a linear head: mfcc_cnn over
// (B, C, T) with 1-D blocks, logmel_cnn over (B, 1, F, T) with 2-D blocks whose maps are first
// averaged over frequency.
class PooledCnn : public ZooNet {
 public:
  PooledCnn(const char* architecture, const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes,
            tnn::Sequential blocks, int last_channels, double dropout, bool two_d)
      : ZooNet(architecture, hp, input_dim, n_classes), two_d_(two_d) {
    blocks_ = register_module("blocks", blocks);
    dropout_ = register_module("dropout", tnn::Dropout(dropout));
    head_ = register_module("head", tnn::Linear(2 * last_channels, static_cast<int64_t>(n_classes)));
  }

  torch::Tensor forward(torch::Tensor x) override {
    x = pad_frames(x);
    const auto maps = two_d_ ? blocks_->forward(x.unsqueeze(1)).mean(2) : blocks_->forward(x);  // (B, C, T')
    return head_(dropout_(mean_max_over_time(maps)));
  }

 private:
  bool two_d_;
  tnn::Sequential blocks_{nullptr};
  tnn::Dropout dropout_{nullptr};
  tnn::Linear head_{nullptr};
};

// Per width: Linear BN ReLU Dropout.
tnn::Sequential dense_layers(int in, const std::vector<int>& widths, double dropout) {
  tnn::Sequential layers;
  for (int w : widths) {
    layers->push_back(tnn::Linear(in, w));
    layers->push_back(tnn::BatchNorm1d(w));
    layers->push_back(relu());
    layers->push_back(tnn::Dropout(dropout));
    in = w;
  }
  return layers;
}

class Mlp : public ZooNet {
 public:
  Mlp(const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes)
      : ZooNet(MlpParams::kName, hp, input_dim, n_classes) {
    const auto p = hp.get<MlpParams>();
    input_dropout_ = register_module("input_dropout", tnn::Dropout(p.input_dropout));
    input_clip_ = p.input_clip;
    layers_ = register_module("layers", dense_layers(static_cast<int>(input_dim), p.hidden, p.dropout));
    const int last = p.hidden.empty() ? static_cast<int>(input_dim) : p.hidden.back();
    head_ = register_module("head", tnn::Linear(last, static_cast<int64_t>(n_classes)));
  }

  torch::Tensor forward(torch::Tensor x) override {
    if (input_clip_ > 0) x = torch::tanh(x / input_clip_) * input_clip_;
    x = input_dropout_(x);
    return head_(layers_->is_empty() ? x : layers_->forward(x));
  }

 private:
  double input_clip_ = 0.0;
  tnn::Dropout input_dropout_{nullptr};
  tnn::Sequential layers_{nullptr};
  tnn::Linear head_{nullptr};
};

// The log of the mean of several (B, C) probability rows given as log-probabilities, computed
// without leaving the log domain (no underflow): the logits of an average of networks or runs.
torch::Tensor log_mean_probability(const std::vector<torch::Tensor>& log_probs) {
  return torch::logsumexp(torch::stack(log_probs), 0) - std::log(static_cast<double>(log_probs.size()));
}

// Its networks are registered as members.0, members.1, ... (the bundle's tensor names).
class MlpEnsemble : public ZooNet {
 public:
  MlpEnsemble(const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes,
              std::vector<std::shared_ptr<ZooNet>> networks)
      : ZooNet(MlpEnsembleParams::kName, hp, input_dim, n_classes), networks_(std::move(networks)) {
    tnn::ModuleList list;
    for (const auto& net : networks_) list->push_back(net);
    register_module("members", list);
  }

  torch::Tensor forward(torch::Tensor x) override {
    std::vector<torch::Tensor> log_probs;
    for (const auto& net : networks_) log_probs.push_back(torch::log_softmax(net->forward(x), 1));
    return log_mean_probability(log_probs);
  }

 private:
  std::vector<std::shared_ptr<ZooNet>> networks_;
};

// One run of a run_average: its network behind its own input normalisation and temperature.
class AveragedRunModule : public torch::nn::Module {
 public:
  AveragedRunModule(std::shared_ptr<ZooNet> net, std::size_t input_dim)
      : net_(register_module("net", std::move(net))),
        mean_(register_buffer("mean", torch::zeros({static_cast<int64_t>(input_dim)}))),
        std_(register_buffer("std", torch::ones({static_cast<int64_t>(input_dim)}))),
        temperature_(register_buffer("temperature", torch::ones({1}))) {}

  torch::Tensor log_probabilities(const torch::Tensor& x) {
    return torch::log_softmax(net_->forward((x - mean_) / std_) / temperature_, 1);
  }

 private:
  std::shared_ptr<ZooNet> net_;
  torch::Tensor mean_, std_, temperature_;
};

class RunAverage : public ZooNet {
 public:
  RunAverage(const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes,
             std::vector<std::shared_ptr<ZooNet>> networks)
      : ZooNet(RunAverageParams::kName, hp, input_dim, n_classes) {
    tnn::ModuleList list;
    for (auto& net : networks) {
      runs_.push_back(std::make_shared<AveragedRunModule>(std::move(net), input_dim));
      list->push_back(runs_.back());
    }
    register_module("runs", list);
  }

  torch::Tensor forward(torch::Tensor x) override {
    std::vector<torch::Tensor> log_probs;
    for (const auto& run : runs_) log_probs.push_back(run->log_probabilities(x));
    return log_mean_probability(log_probs);
  }

 private:
  std::vector<std::shared_ptr<AveragedRunModule>> runs_;
};

class Fusion : public ZooNet {
 public:
  Fusion(const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes)
      : ZooNet(FusionParams::kName, hp, input_dim, n_classes), p_(hp.get<FusionParams>()) {
    sequence_rows_ = static_cast<int64_t>(input_dim) - p_.vector_dim;
    blocks_ = register_module("blocks", p_.two_d ? conv2d_blocks(p_.channels, p_.kernel_size, p_.pool_size)
                                                 : conv1d_blocks(static_cast<int>(sequence_rows_), p_.channels,
                                                                 p_.kernel_size, p_.pool_size));
    vector_ = register_module("vector", dense_layers(p_.vector_dim, p_.vector_hidden, p_.dropout));
    dropout_ = register_module("dropout", tnn::Dropout(p_.dropout));
    head_ = register_module("head", tnn::Linear(2 * p_.channels.back() + p_.vector_hidden.back(),
                                                static_cast<int64_t>(n_classes)));
  }

  torch::Tensor forward(torch::Tensor x) override {
    x = pad_frames(x);
    const auto frames = x.slice(1, 0, sequence_rows_);                                  // (B, F, T)
    const auto vector = x.slice(1, sequence_rows_, x.size(1)).select(2, 0);             // (B, V)
    const auto maps = p_.two_d ? blocks_->forward(frames.unsqueeze(1)).mean(2) : blocks_->forward(frames);
    auto a = mean_max_over_time(maps);
    auto b = vector_->forward(vector);
    if (is_training() && p_.branch_dropout > 0) {
      // One draw per example: below p/2 drops the sequence branch, in [p/2, p) the vector branch.
      const auto u = torch::rand({x.size(0), 1}, x.options());
      const double half = p_.branch_dropout / 2;
      a = a * (u >= half).to(a.dtype());
      b = b * ((u < half) | (u >= p_.branch_dropout)).to(b.dtype());
    }
    return head_(dropout_(torch::cat({a, b}, 1)));
  }

 private:
  FusionParams p_;
  int64_t sequence_rows_ = 0;
  tnn::Sequential blocks_{nullptr};
  tnn::Sequential vector_{nullptr};
  tnn::Dropout dropout_{nullptr};
  tnn::Linear head_{nullptr};
};

class MfccCrnn : public ZooNet {
 public:
  MfccCrnn(const nlohmann::json& hp, std::size_t input_dim, std::size_t n_classes)
      : ZooNet(MfccCrnnParams::kName, hp, input_dim, n_classes) {
    const auto p = hp.get<MfccCrnnParams>();
    blocks_ = register_module("blocks", conv1d_blocks(static_cast<int>(input_dim), p.channels, p.kernel_size, p.pool_size));
    if (p.rnn == "gru") {
      gru_ = register_module("rnn", tnn::GRU(tnn::GRUOptions(p.channels.back(), p.hidden_size)
                                                  .num_layers(p.num_layers)
                                                  .batch_first(true)
                                                  .bidirectional(p.bidirectional)));
    } else {
      lstm_ = register_module("rnn", tnn::LSTM(tnn::LSTMOptions(p.channels.back(), p.hidden_size)
                                                    .num_layers(p.num_layers)
                                                    .batch_first(true)
                                                    .bidirectional(p.bidirectional)));
    }
    const int64_t features = static_cast<int64_t>(p.hidden_size) * (p.bidirectional ? 2 : 1);
    if (p.pooling == "attention") attention_ = register_module("attention", tnn::Linear(features, 1));
    dropout_ = register_module("dropout", tnn::Dropout(p.dropout));
    head_ = register_module("head", tnn::Linear(features, static_cast<int64_t>(n_classes)));
  }

  torch::Tensor forward(torch::Tensor x) override {
    const auto frames = blocks_->forward(pad_frames(x)).transpose(1, 2);  // (B, T', C)
    const auto h = gru_ ? std::get<0>(gru_->forward(frames)) : std::get<0>(lstm_->forward(frames));  // (B, T', H)
    torch::Tensor pooled;
    if (attention_) {
      const auto weights = torch::softmax(attention_(h), 1);  // (B, T', 1): one weight per frame
      pooled = (h * weights).sum(1);
    } else {
      pooled = h.mean(1);
    }
    return head_(dropout_(pooled));
  }

 private:
  tnn::Sequential blocks_{nullptr};
  tnn::GRU gru_{nullptr};
  tnn::LSTM lstm_{nullptr};
  tnn::Linear attention_{nullptr};
  tnn::Dropout dropout_{nullptr};
  tnn::Linear head_{nullptr};
};

}  // namespace

ZooNet::ZooNet(const std::string& architecture, nlohmann::json hyper_parameters, std::size_t input_dim,
               std::size_t n_classes)
    : torch::nn::Module(architecture),
      architecture_(architecture),
      hyper_parameters_(std::move(hyper_parameters)),
      input_dim_(input_dim),
      n_classes_(n_classes),
      min_frames_(architecture_min_frames(architecture, hyper_parameters_)) {}

std::size_t ZooNet::parameter_count() const {
  std::size_t n = 0;
  for (const auto& p : parameters()) n += static_cast<std::size_t>(p.numel());
  return n;
}

torch::Tensor ZooNet::pad_frames(const torch::Tensor& x) const {
  const auto frames = x.size(-1);
  const auto need = static_cast<int64_t>(min_frames_);
  if (frames >= need) return x;
  return torch::nn::functional::pad(x, torch::nn::functional::PadFuncOptions({0, need - frames}));
}

torch::Tensor strided_max_pool2d(torch::Tensor x, int size) {
  for (int64_t axis : {x.dim() - 2, x.dim() - 1}) {
    const int64_t span = std::max<int64_t>(0, (x.size(axis) / size - 1) * size + 1);  // reaches every output
    torch::Tensor pooled = x.slice(axis, 0, span, size);
    for (int k = 1; k < size; ++k) pooled = torch::maximum(pooled, x.slice(axis, k, k + span, size));
    x = pooled;
  }
  return x;
}

std::shared_ptr<ZooNet> make_network(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                                     std::size_t n_classes) {
  check_architecture_input(name, overrides, input_dim, n_classes);
  const auto hp = resolve_hyper_parameters(name, overrides);
  if (name == Issa1dParams::kName) return std::make_shared<Issa1d>(hp, input_dim, n_classes);
  if (name == MfccCnnParams::kName) {
    const auto p = hp.get<MfccCnnParams>();
    return std::make_shared<PooledCnn>(MfccCnnParams::kName, hp, input_dim, n_classes,
                                       conv1d_blocks(static_cast<int>(input_dim), p.channels, p.kernel_size, p.pool_size),
                                       p.channels.back(), p.dropout, false);
  }
  if (name == LogmelCnnParams::kName) {
    const auto p = hp.get<LogmelCnnParams>();
    return std::make_shared<PooledCnn>(LogmelCnnParams::kName, hp, input_dim, n_classes,
                                       conv2d_blocks(p.channels, p.kernel_size, p.pool_size), p.channels.back(),
                                       p.dropout, true);
  }
  if (name == MfccCrnnParams::kName) return std::make_shared<MfccCrnn>(hp, input_dim, n_classes);
  if (name == MlpParams::kName) return std::make_shared<Mlp>(hp, input_dim, n_classes);
  if (name == FusionParams::kName) return std::make_shared<Fusion>(hp, input_dim, n_classes);
  if (name == MlpEnsembleParams::kName) {
    std::vector<std::shared_ptr<ZooNet>> networks;
    for (const auto& p : hp.get<MlpEnsembleParams>().networks()) {
      networks.push_back(std::make_shared<Mlp>(nlohmann::json(p), input_dim, n_classes));
    }
    return std::make_shared<MlpEnsemble>(hp, input_dim, n_classes, std::move(networks));
  }
  if (name == RunAverageParams::kName) {
    std::vector<std::shared_ptr<ZooNet>> networks;
    for (const auto& run : hp.at("runs")) {
      networks.push_back(make_network(run.at("architecture"), run.at("hyper_parameters"), input_dim, n_classes));
    }
    return std::make_shared<RunAverage>(hp, input_dim, n_classes, std::move(networks));
  }
  throw ParameterError("make_network: architecture '" + name + "' is in the zoo but has no module");
}

std::shared_ptr<ZooNet> ensemble_of(const nlohmann::json& overrides, std::vector<std::shared_ptr<ZooNet>> networks) {
  const auto hp = resolve_hyper_parameters(MlpEnsembleParams::kName, overrides);
  const auto expected = hp.get<MlpEnsembleParams>().networks();
  if (networks.size() != expected.size()) {
    throw ParameterError("mlp_ensemble: " + std::to_string(expected.size()) + " networks described, " +
                         std::to_string(networks.size()) + " given");
  }
  for (std::size_t k = 0; k < networks.size(); ++k) {
    const auto& net = *networks[k];
    if (net.architecture() != MlpParams::kName || net.hyper_parameters() != nlohmann::json(expected[k]) ||
        net.input_dim() != networks[0]->input_dim() || net.n_classes() != networks[0]->n_classes()) {
      throw ParameterError("mlp_ensemble: network " + std::to_string(k) + " is not the mlp " +
                           nlohmann::json(expected[k]).dump() + " of the ensemble's other networks' shape");
    }
  }
  const std::size_t input_dim = networks[0]->input_dim(), n_classes = networks[0]->n_classes();
  check_architecture_input(MlpEnsembleParams::kName, hp, input_dim, n_classes);
  return std::make_shared<MlpEnsemble>(hp, input_dim, n_classes, std::move(networks));
}

std::shared_ptr<ZooNet> run_average_of(const std::vector<RunToAverage>& runs) {
  nlohmann::json described = nlohmann::json::array();
  std::vector<std::shared_ptr<ZooNet>> networks;
  for (const auto& run : runs) {
    described.push_back({{"architecture", run.net->architecture()}, {"hyper_parameters", run.net->hyper_parameters()}});
    networks.push_back(run.net);
  }
  const auto hp = resolve_hyper_parameters(RunAverageParams::kName, {{"runs", described}});
  const std::size_t input_dim = networks[0]->input_dim(), n_classes = networks[0]->n_classes();
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const auto& r = runs[k];
    if (r.net->input_dim() != input_dim || r.net->n_classes() != n_classes || r.mean.size() != input_dim ||
        r.std.size() != input_dim) {
      throw ParameterError("run_average: run " + std::to_string(k) + " takes " + std::to_string(r.net->input_dim()) +
                           " features (normalisation of " + std::to_string(r.mean.size()) + ") and gives " +
                           std::to_string(r.net->n_classes()) + " classes; run 0 takes " + std::to_string(input_dim) +
                           " and gives " + std::to_string(n_classes));
    }
  }
  check_architecture_input(RunAverageParams::kName, hp, input_dim, n_classes);
  auto net = std::make_shared<RunAverage>(hp, input_dim, n_classes, std::move(networks));
  torch::NoGradGuard no_grad;
  auto buffers = net->named_buffers();
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const std::string prefix = "runs." + std::to_string(k) + ".";
    const auto n = static_cast<int64_t>(input_dim);
    buffers[prefix + "mean"].copy_(torch::from_blob(const_cast<float*>(runs[k].mean.data()), {n}));
    buffers[prefix + "std"].copy_(torch::from_blob(const_cast<float*>(runs[k].std.data()), {n}));
    buffers[prefix + "temperature"].fill_(runs[k].temperature);
  }
  return net;
}

std::size_t parameter_count(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                            std::size_t n_classes) {
  return make_network(name, overrides, input_dim, n_classes)->parameter_count();
}

}  // namespace ser::nn
