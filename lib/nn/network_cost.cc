#include "nn/network_cost.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "nn/zoo.h"

namespace ser::nn {
namespace {

// Convolution blocks over `lengths` (1-D: {T}; 2-D: {F, T}) with the pooling of each block.
void add_blocks(NetworkCost& cost, double in, const std::vector<int>& channels, double kernel_area,
                std::vector<double> lengths, int pool) {
  for (const int c : channels) {
    double positions = 1;
    for (const double l : lengths) positions *= l;
    cost.weights += in * c * kernel_area;
    cost.multiply_adds += in * c * kernel_area * positions;
    cost.largest_activation = std::max(cost.largest_activation, c * positions);
    for (double& l : lengths) l = std::max(1.0, std::floor(l / pool));
    in = c;
  }
}

void add_linear(NetworkCost& cost, double in, double out) {
  cost.weights += in * out;
  cost.multiply_adds += in * out;
}

// A network run beside the others on the same window (an ensemble's member, an average's run):
// its weights and work add up; one activation is alive at a time.
void add_beside(NetworkCost& cost, const NetworkCost& network) {
  cost.weights += network.weights;
  cost.multiply_adds += network.multiply_adds;
  cost.largest_activation = std::max(cost.largest_activation, network.largest_activation);
}

}  // namespace

NetworkCost network_cost(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                         std::size_t n_classes, std::size_t frames) {
  const nlohmann::json hp = resolve_hyper_parameters(name, overrides);
  const double d = static_cast<double>(input_dim);
  const double t = static_cast<double>(std::max<std::size_t>(frames, 1));
  const double n = static_cast<double>(n_classes);
  NetworkCost cost;
  if (name == Issa1dParams::kName) {
    const auto p = hp.get<Issa1dParams>();
    const double k = p.kernel_size;
    add_blocks(cost, 1, {p.first_channels}, k, {d}, 1);
    add_blocks(cost, p.first_channels, {p.channels}, k, {d}, p.pool_size);
    add_blocks(cost, p.channels, std::vector<int>(4, p.channels), k, {std::floor(d / p.pool_size)}, 1);
    add_linear(cost, static_cast<double>(p.channels) * std::floor(d / p.pool_size), n);
  } else if (name == MfccCnnParams::kName) {
    const auto p = hp.get<MfccCnnParams>();
    add_blocks(cost, d, p.channels, p.kernel_size, {t}, p.pool_size);
    add_linear(cost, 2.0 * p.channels.back(), n);
  } else if (name == LogmelCnnParams::kName) {
    const auto p = hp.get<LogmelCnnParams>();
    add_blocks(cost, 1, p.channels, static_cast<double>(p.kernel_size) * p.kernel_size, {d, t}, p.pool_size);
    add_linear(cost, 2.0 * p.channels.back(), n);
  } else if (name == MlpParams::kName) {
    const auto p = hp.get<MlpParams>();
    double in = d;
    for (const int h : p.hidden) {
      add_linear(cost, in, h);
      cost.largest_activation = std::max(cost.largest_activation, static_cast<double>(h));
      in = h;
    }
    add_linear(cost, in, n);
  } else if (name == MlpEnsembleParams::kName) {
    for (const auto& p : hp.get<MlpEnsembleParams>().networks()) {
      add_beside(cost, network_cost(MlpParams::kName, nlohmann::json(p), input_dim, n_classes, frames));
    }
  } else if (name == RunAverageParams::kName) {
    for (const auto& run : hp.at("runs")) {
      add_beside(cost, network_cost(run.at("architecture"), run.at("hyper_parameters"), input_dim, n_classes, frames));
    }
  } else if (name == FusionParams::kName) {
    const auto p = hp.get<FusionParams>();
    const double rows = std::max(1.0, d - p.vector_dim);
    if (p.two_d) {
      add_blocks(cost, 1, p.channels, static_cast<double>(p.kernel_size) * p.kernel_size, {rows, t}, p.pool_size);
    } else {
      add_blocks(cost, rows, p.channels, p.kernel_size, {t}, p.pool_size);
    }
    double in = p.vector_dim;
    for (const int h : p.vector_hidden) {
      add_linear(cost, in, h);
      in = h;
    }
  } else if (name == MfccCrnnParams::kName) {
    const auto p = hp.get<MfccCrnnParams>();
    add_blocks(cost, d, p.channels, p.kernel_size, {t}, p.pool_size);
    // The first recurrent layer's input weights alone: 3 (GRU) or 4 (LSTM) gates.
    const double gates = p.rnn == "lstm" ? 4 : 3;
    cost.weights += gates * p.hidden_size * (static_cast<double>(p.channels.back()) + p.hidden_size);
  }
  return cost;
}

void check_network_cost(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                        std::size_t n_classes, std::size_t frames) {
  const NetworkCost cost = network_cost(name, overrides, input_dim, n_classes, frames);
  const auto refuse = [&](const char* what, double value, double limit) {
    std::ostringstream msg;
    msg.precision(3);
    msg << name << ": one window of " << frames << " frames of " << input_dim << " features needs " << value << " "
        << what << ", more than the " << limit
        << " allowed: "
        << (name == MlpParams::kName || name == MlpEnsembleParams::kName ? "narrow the hidden layers"
                                                                       : "lower channels or kernel_size, or shorten the window");
    throw ParameterError(msg.str());
  };
  if (cost.largest_activation > kMaxActivationValues) {
    refuse("values in its largest activation", cost.largest_activation, kMaxActivationValues);
  }
  if (cost.multiply_adds > kMaxMultiplyAdds) refuse("multiply-adds", cost.multiply_adds, kMaxMultiplyAdds);
}

}  // namespace ser::nn
