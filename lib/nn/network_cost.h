// seremotion: what a zoo network asks of memory and time, from its hyper-parameters alone.
//
// A bundle's metadata names the network to build; 1 KB of it may ask for 8 blocks of 4096
// channels with 15 x 15 kernels: 30 billion weights, which libtorch would try to allocate before a
// single tensor of the file is compared with them. network_cost counts, without allocating, the
// weights of the convolutions and linear layers (a lower bound of the parameters: biases, BatchNorm
// and recurrent layers come on top), the values of the largest activation of one window, and the
// multiply-adds of the convolutions for one window. check_network_cost refuses a network over the
// limits below, and the bundle loader compares the weights with the tensors the file holds.
#pragma once

#include <cstddef>

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace ser::nn {

struct NetworkCost {
  double weights = 0;             // values of convolution and linear weights (a lower bound of the parameters)
  double largest_activation = 0;  // values of the largest activation map of one window
  double multiply_adds = 0;       // of the convolutions and linear layers, for one window
};

// 2^27 values (512 MiB of float) for one window's largest activation; 2^34 multiply-adds (about a
// second of one core at its best) per window. The shipped models use under 1/500 of each.
constexpr double kMaxActivationValues = 134217728.0;
constexpr double kMaxMultiplyAdds = 17179869184.0;

// The cost of network `name` with the hyper-parameters `overrides` (resolved as the zoo does) on
// `input_dim` features and `n_classes` outputs, for a window of `frames` frames (1 for vector
// networks). Throws ParameterError as resolve_hyper_parameters does.
NetworkCost network_cost(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                         std::size_t n_classes, std::size_t frames);

// Throws ParameterError when network_cost exceeds kMaxActivationValues or kMaxMultiplyAdds, naming
// the figure, the limit and what to lower (channels, kernel_size, the window).
void check_network_cost(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                        std::size_t n_classes, std::size_t frames);

}  // namespace ser::nn
