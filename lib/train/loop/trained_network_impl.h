// seremotion (internal to lib/train: includes libtorch): what trainer.cc and trained_network.cc
// share: windows as normalised tensors, scoring in eval mode, the TrainedNetwork's state.
#pragma once

#include <torch/types.h>

#include <memory>
#include <vector>

#include "features/feature_spec.h"
#include "nn/model_info.h"
#include "nn/torch_modules.h"
#include "train/inputs/example_set.h"
#include "train/loop/trainer.h"

namespace ser::train {

// The windows of a set, normalised ((x - mean) / std, per element or per band) once, kept flat.
struct NormalisedWindows {
  // Throws ParameterError when a window does not fit the spec or holds a value that is not finite.
  NormalisedWindows(const ExampleSet& set, const features::FeatureSpec& spec, const nn::Normalization& norm);

  bool vector = true;
  size_t dim = 0;               // features per window (vector) or bands (sequence)
  size_t mask_rows = 0;         // sequence: the rows SpecAugment may mask (not an appended vector's)
  std::vector<size_t> frames;   // per window; 1 for vector specs
  std::vector<size_t> offset;   // per window, into values
  std::vector<float> values;

  size_t size() const { return frames.size(); }
  // (B, dim) for vector specs; (B, dim, longest frames) zero-padded for sequence specs.
  torch::Tensor batch(const std::vector<size_t>& members) const;
};

// n_windows x n_classes log-probabilities (log-softmax of the logits) in eval mode, without
// gradients, windows batched by frame count so that no window is padded.
torch::Tensor window_log_probabilities(nn::ZooNet& net, const NormalisedWindows& data);

// A 2-D float tensor as a Matrix (copied).
Matrix to_matrix(const torch::Tensor& t);

// Each file's mean of its windows' probabilities.
Matrix file_means(const torch::Tensor& window_log_probs, const ExampleSet& set);

struct ValidationScore {
  double ua = 0.0;           // over files, metrics.h
  double window_loss = 0.0;  // mean cross-entropy over windows, unweighted
};
ValidationScore score_files(nn::ZooNet& net, const NormalisedWindows& data, const ExampleSet& set, size_t n_classes);

struct TrainedNetwork::Impl {
  std::shared_ptr<nn::ZooNet> net;  // eval mode
  features::FeatureSpec spec;
  nn::Normalization normalization;
  double temperature = 1.0;         // calibration (report/calibration.h)
};

std::shared_ptr<TrainedNetwork> make_trained_network(std::shared_ptr<nn::ZooNet> net, const features::FeatureSpec& spec,
                                                     const nn::Normalization& normalization, double temperature);

}  // namespace ser::train
