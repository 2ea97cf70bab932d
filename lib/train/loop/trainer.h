// seremotion: training one zoo network on one training part, early-stopped on a validation part.
//
// The loop, for epochs 1..epochs:
//   - the training windows in an order shuffled with data::Rng(seed, epoch), in batches of
//     batch_size (a last batch of one window is dropped: BatchNorm cannot train on it);
//   - each batch normalised with the training part's statistics (normalization_stats.h),
//     SpecAugment-masked when asked (spec_augment.h; masks drawn from the seed, epoch and batch),
//     and windows of fewer frames zero-padded to the batch's longest (0 = the mean after
//     normalising);
//   - loss: cross-entropy, weighted by inverse class frequency over the training windows
//     (class_weights.h) unless class_weights is off; optimiser: Adam (Kingma & Ba, ICLR 2015)
//     with weight_decay as L2, the rate of each epoch from the schedule (lr_schedule.h); with
//     mixup > 0 each batch is mixed with a shuffle of itself first (mixup.h; pairs and lambda
//     drawn from the seed and epoch);
//   - then, with a validation part: every validation FILE scored by the mean of its windows'
//     probabilities, UA (unweighted accuracy, metrics.h) over the files, and the mean window
//     cross-entropy (unweighted) as validation loss. The weights of the epoch with the best UA
//     (ties: the lower validation loss, then the earlier epoch) are kept, and training stops
//     after `patience` epochs without a better one (early stopping, never on test data).
//     Without a validation part every epoch runs and the last weights are kept.
// Repeatability: torch::manual_seed(seed) before the network is built (initial weights, dropout),
// our own shuffling, masks and mixup draws: the same data, options and thread count give the same
// weights.
// (libtorch's CPU kernels may sum in another order with another thread count.)
//
// Data parallel: given a group of processes (dist/group.h) that all call train_network with the
// same data and options, each trains on its share of every batch and the gradients are averaged
// (dist/data_parallel_impl.h); rank 0 decides early stopping. Every member ends with the same
// weights, close to (not bit-identical with) one process's.
//
// Ensembles: an mlp_ensemble (nn/zoo.h) trains each of its networks by the loop above, alone, as an
// mlp with its own seed (a hash of the seed and its place), on the same windows; the ensemble is
// then those networks with their probabilities averaged. Its curve is the networks' mean, epoch by
// epoch, each epoch over the networks that ran it (one stopped early counts no further), as long as
// the longest; its best epoch the latest of the epochs whose weights its networks kept. on_epoch counts the epochs of the whole ensemble: network
// k's epoch e is reported as epoch k * epochs + e of (networks * epochs).
//
// Calibration: with a validation part, a temperature is then fitted on the validation windows'
// outputs (report/calibration.h: temperature scaling, never on test data); without one it is 1.
//
// Scoring: file_probabilities() gives each file the mean of its windows' calibrated softmax
// probabilities, softmax(logits / T), in eval mode, windows batched by frame count (as the
// Classifier does), so that the numbers are those of the exported bundle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/matrix.h"
#include "features/adaptive_norm.h"
#include "features/feature_spec.h"
#include "nn/model_info.h"
#include "train/augment/augmentation_params.h"
#include "train/inputs/example_set.h"
#include "train/loop/lr_schedule.h"
#include "train/report/calibration.h"
#include "train/report/learning_curve.h"

namespace ser::train {

namespace dist {
class Group;
}

struct TrainerOptions {
  std::string model = "issa1d";               // zoo architecture (nn/zoo.h); default issa1d
  nlohmann::json hyper_parameters = nlohmann::json::object();  // overrides of its defaults; default none
  int epochs = 30;                            // most epochs, in [1, 10000]; default 30
  int batch_size = 32;                        // windows per batch, in [2, 65536]; default 32
  double learning_rate = 1e-3;                // Adam's base rate, > 0; default 0.001
  double weight_decay = 0.0;                  // Adam's L2 penalty, >= 0; default 0
  LrScheduleParams schedule;                  // default cosine, no warm-up
  int patience = 10;                          // epochs without a better validation UA before stopping; 0: never stop early; default 10
  // Which weights are kept: those of the best validation epoch (early stopping), or those of the
  // last epoch (every epoch runs; the validation part is still scored for the curves): for models
  // regularised to convergence, such as a logistic regression with weight decay. Default true.
  bool keep_best = true;
  bool class_weights = true;                  // weight the loss by inverse class frequency; default true
  uint64_t seed = 0;                          // everything random follows from it; default 0
  int threads = 0;                            // libtorch intra-op threads; 0: every core; default 0
  SpecAugmentParams spec_augment;             // masks on sequence features; default none
  // mixup's alpha (mixup.h): each batch mixed with a shuffle of itself, lambda ~ Beta(alpha,
  // alpha); in [0, 4], 0: none. Default 0.
  double mixup = 0.0;

  // ParameterError naming the field and its range (hyper-parameters are checked by the zoo).
  void validate() const;
  // The optimiser and loop settings, for reports (not the architecture's hyper-parameters).
  nlohmann::json to_json() const;
};

class TrainedNetwork;

struct TrainingOutcome {
  std::shared_ptr<TrainedNetwork> network;  // the kept weights, in eval mode
  LearningCurve curve;                      // one record per epoch run
  int best_epoch = 0;                       // 1-based epoch whose weights were kept
  features::AdaptiveNorm adaptation;        // the prior, when trained with speaker normalisation
  TemperatureFit calibration;               // fitted on the validation windows; T = 1 without them
};

// Called after every epoch with its record and the most epochs planned.
using EpochCallback = std::function<void(const EpochRecord& record, int epochs)>;

// Trains options.model on `training` (its windows, classes in [0, n_classes)), normalised with
// `normalization`, early-stopping on `validation` when it is given and not empty. Throws
// ParameterError for bad options, an unknown model or hyper-parameter, or features the model
// cannot take; ser::Error when training fails (a NaN loss names the epoch and suggests a lower
// learning rate). `group`: train data parallel with its members (nullptr or a group of one: this
// process alone).
TrainingOutcome train_network(const ExampleSet& training, const ExampleSet* validation, size_t n_classes,
                              const features::FeatureSpec& spec, const nn::Normalization& normalization,
                              const TrainerOptions& options, const EpochCallback& on_epoch = {},
                              dist::Group* group = nullptr);

// A trained network with its input statistics; opaque (it holds libtorch objects).
class TrainedNetwork {
 public:
  struct Impl;
  explicit TrainedNetwork(std::unique_ptr<Impl> impl);
  ~TrainedNetwork();

  const nn::Normalization& normalization() const;
  const std::string& architecture() const;
  const nlohmann::json& hyper_parameters() const;  // complete

  // The calibration's temperature (1: not calibrated).
  double temperature() const;
  // n_windows x n_classes: each window's log-probabilities before calibration (log-softmax of
  // the logits; tempered() of them gives any temperature's probabilities).
  Matrix window_log_probabilities(const ExampleSet& set) const;
  // n_files x n_classes: each file of `set` scored by the mean of its windows' calibrated
  // probabilities.
  Matrix file_probabilities(const ExampleSet& set) const;

  // Writes a .sermodel bundle: `info` with this network's architecture, hyper-parameters,
  // normalisation and temperature filled in (nn::save_bundle). Throws ModelError naming the file.
  void save(const std::string& path, nn::ModelInfo info) const;

 private:
  std::unique_ptr<Impl> impl_;
};

// The class of each row: the index of its largest probability (the first of equals).
std::vector<int> argmax_rows(const Matrix& probabilities);

}  // namespace ser::train
