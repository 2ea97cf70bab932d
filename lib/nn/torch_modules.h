// seremotion (internal to lib/nn and lib/train: includes libtorch): the zoo's torch modules.
//
// Each network takes normalised features, (B, D) for vector networks or (B, F, T) for sequence
// networks, and returns logits (B, n_classes); softmax is the Classifier's. See zoo.h for the
// architectures and their hyper-parameters.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/nn/module.h>

namespace ser::nn {

class ZooNet : public torch::nn::Module {
 public:
  // x: (B, D) or (B, F, T) with F = input_dim() and any T >= 1; returns (B, n_classes()).
  virtual torch::Tensor forward(torch::Tensor x) = 0;

  const std::string& architecture() const { return architecture_; }
  const nlohmann::json& hyper_parameters() const { return hyper_parameters_; }  // complete
  std::size_t input_dim() const { return input_dim_; }
  std::size_t n_classes() const { return n_classes_; }
  // Sequence networks zero-pad inputs of fewer frames to this many.
  std::size_t min_frames() const { return min_frames_; }
  std::size_t parameter_count() const;

 protected:
  ZooNet(const std::string& architecture, nlohmann::json hyper_parameters, std::size_t input_dim,
         std::size_t n_classes);
  // x with its last axis zero-padded to min_frames() when shorter.
  torch::Tensor pad_frames(const torch::Tensor& x) const;

 private:
  std::string architecture_;
  nlohmann::json hyper_parameters_;
  std::size_t input_dim_;
  std::size_t n_classes_;
  std::size_t min_frames_;
};

// The network `name` with `overrides` merged over its default hyper-parameters, for input_dim
// features (vector length, or bands per frame) and n_classes outputs, with torch's default
// initialisation. Throws ParameterError for an unknown name or hyper-parameter (listing the
// known ones), a value out of range, or an input the architecture cannot take.
std::shared_ptr<ZooNet> make_network(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                                     std::size_t n_classes);

// An mlp_ensemble (zoo.h) of `networks`, trained apart: each must be the mlp its place in the
// ensemble's hyper-parameters describes, all with the same input and classes. ParameterError
// otherwise. The networks are shared, not copied.
std::shared_ptr<ZooNet> ensemble_of(const nlohmann::json& overrides, std::vector<std::shared_ptr<ZooNet>> networks);

// One trained run for run_average_of: its network, and the normalisation and temperature that
// take the run_average's input to what the network was trained on (input_dim() entries each,
// std > 0; temperature > 0).
struct RunToAverage {
  std::shared_ptr<ZooNet> net;
  std::vector<float> mean;
  std::vector<float> std;
  double temperature = 1.0;
};

// A run_average (zoo.h) of `runs`, whose networks must be of the architectures it takes, all with
// the same input and classes. ParameterError otherwise. The networks are shared, not copied.
std::shared_ptr<ZooNet> run_average_of(const std::vector<RunToAverage>& runs);

// Max-pooling of the last two axes by `size` with stride `size` (floor mode): the values of
// torch::max_pool2d(x, size), as element-wise maxima of strided slices. logmel_cnn pools with it
// because libtorch 1.13's CPU max_pool2d kernel is about ten times slower on our shapes (1 ms
// for one 16 x 128 x 94 block output).
torch::Tensor strided_max_pool2d(torch::Tensor x, int size);

}  // namespace ser::nn
