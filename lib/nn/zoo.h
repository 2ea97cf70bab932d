// seremotion: the network zoo as far as it can be told without libtorch: the architectures by
// name, what input each takes, and their hyper-parameters (defaults, ranges, JSON).
//
// Every network maps normalised features to logits, one row per window:
//   vector input   (B, D)    -> (B, n_classes)    issa1d, mlp, mlp_ensemble, run_average
//   sequence input (B, F, T) -> (B, n_classes)    mfcc_cnn, logmel_cnn, mfcc_crnn, fusion
// Sequence networks pool over time, so they accept any number of frames T >= 1; below their
// min_frames (enough frames to survive every pooling) they zero-pad the end, which after the
// normalisation is padding with the mean features.
//
// The modules themselves are in torch_modules.h (internal to lib/nn and lib/train).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "features/feature_spec.h"

namespace ser::nn {

// issa1d: the 1-D CNN of Issa, Demirci and Yazici, "Speech emotion recognition with deep
// convolutional neural networks", Biomedical Signal Processing and Control 59 (2020) 101894,
// Fig. 3, on the 193-vector seen as a 1-channel signal of D samples:
//   Conv1d(first_channels, k, same) BN ReLU
//   Conv1d(channels, k, same) ReLU Dropout(dropout_early) BN MaxPool(pool_size)
//   Conv1d(channels, k, same) ReLU
//   Conv1d(channels, k, same) ReLU
//   Conv1d(channels, k, same) BN ReLU Dropout(dropout_late)
//   Conv1d(channels, k, same) ReLU
//   Flatten Dropout(dropout_head) Linear(channels * (D / pool_size), n_classes) [BN]
// The order of BN, ReLU and Dropout follows the public Keras code that reproduces the paper
// (github.com/antipixel1/speech_em_rec, speech_recognition.py), whose model also ends in a
// BatchNorm of the logits before the softmax: head_batchnorm. Needs D >= pool_size.
struct Issa1dParams {
  static constexpr const char* kName = "issa1d";

  int first_channels = 256;     // channels of the first convolution; in [1, 4096]; default 256
  int channels = 128;           // channels of the five later convolutions; in [1, 4096]; default 128
  int kernel_size = 5;          // samples, odd, in [1, 63]; default 5
  int pool_size = 8;            // max-pooling after the second convolution, in [1, 64]; default 8
  double dropout_early = 0.1;   // after the second convolution; in [0, 1); default 0.1
  double dropout_late = 0.2;    // after the fifth convolution; in [0, 1); default 0.2
  double dropout_head = 0.2;    // before the linear layer; in [0, 1); default 0.2
  bool head_batchnorm = false;  // BatchNorm1d on the logits (the Keras code's Dense-BN); default false

  void validate() const;  // throws ParameterError naming the field and its range
};

// mfcc_cnn: a CNN over MFCC frames (B, F, T), the bands as channels, convolving over time:
//   per block: Conv1d(c, kernel_size, same, no bias) BN ReLU MaxPool1d(pool_size)
//   then mean and max over time, concatenated (2 c), Dropout, Linear.
// min_frames = pool_size ^ blocks.
struct MfccCnnParams {
  static constexpr const char* kName = "mfcc_cnn";

  std::vector<int> channels{64, 128, 128};  // per block; 1 to 8 blocks of [1, 4096]; default {64, 128, 128}
  int kernel_size = 5;                      // frames, odd, in [1, 31]; default 5
  int pool_size = 2;                        // max-pooling over time per block, in [1, 8]; default 2
  double dropout = 0.3;                     // before the linear layer; in [0, 1); default 0.3

  void validate() const;
};

// logmel_cnn: a 2-D CNN over log-mel (B, 1, F, T):
//   per block: Conv2d(c, kernel_size x kernel_size, same, no bias) BN ReLU MaxPool2d(pool_size)
//   (computed as BN, max-pool, ReLU: the same values, as both are monotonic, on fewer of them)
//   then the mean over frequency, then mean and max over time, concatenated (2 c), Dropout, Linear.
// Sized for speed: with the defaults on logmel64, one 3 s window (64 x 94) is about 10 M
// multiply-adds, 100 k parameters (0.4 MB). min_frames = pool_size ^ blocks, and the band count
// F must be at least as large.
struct LogmelCnnParams {
  static constexpr const char* kName = "logmel_cnn";

  std::vector<int> channels{16, 32, 64, 128};  // per block; 1 to 8 blocks of [1, 4096]; default {16, 32, 64, 128}
  int kernel_size = 3;                         // odd, in [1, 15]; default 3
  int pool_size = 2;                           // max-pooling over both axes per block, in [1, 8]; default 2
  double dropout = 0.3;                        // before the linear layer; in [0, 1); default 0.3

  void validate() const;
};

// mfcc_crnn: convolutions, then a recurrent layer over MFCC frames (B, F, T):
//   per block: Conv1d(c, kernel_size, same, no bias) BN ReLU MaxPool1d(pool_size)
//   then a GRU or LSTM over the remaining frames (bidirectional: 2 hidden_size features),
//   pooled over time by the mean or by attention (a learnt score per frame, softmax over time,
//   weighted sum), Dropout, Linear. min_frames = pool_size ^ blocks.
struct MfccCrnnParams {
  static constexpr const char* kName = "mfcc_crnn";

  std::vector<int> channels{64, 128};    // per block; 1 to 8 blocks of [1, 4096]; default {64, 128}
  int kernel_size = 5;                   // frames, odd, in [1, 31]; default 5
  int pool_size = 2;                     // max-pooling over time per block, in [1, 8]; default 2
  std::string rnn = "gru";               // "gru" or "lstm"; default "gru"
  int hidden_size = 128;                 // per direction, in [1, 2048]; default 128
  int num_layers = 1;                    // stacked recurrent layers, in [1, 4]; default 1
  bool bidirectional = true;             // default true
  std::string pooling = "attention";     // over time: "attention" or "mean"; default "attention"
  double dropout = 0.3;                  // before the linear layer; in [0, 1); default 0.3

  void validate() const;
};

// mlp: a multilayer perceptron on a feature vector (B, D), for expert features such as the eGeMAPS
// functionals:
//   Dropout(input_dropout), then per hidden width: Linear BN ReLU Dropout(dropout); then Linear.
// With no hidden layer it is a multinomial logistic regression (weight decay: the L2 penalty).
struct MlpParams {
  static constexpr const char* kName = "mlp";

  std::vector<int> hidden{256, 128};  // widths; 0 to 8 layers of [1, 8192]; default {256, 128}
  double dropout = 0.3;               // after each hidden layer; in [0, 1); default 0.3
  double input_dropout = 0.1;         // on the input features; in [0, 1); default 0.1
  // > 0: each input x becomes c tanh(x / c) before the input dropout, so that a feature far
  // outside the training range (another corpus's microphone or voice, in normalised units) weighs
  // at most c; near 0 it is unchanged. In [0, 100]; default 0 (off). Bundles written before it
  // existed read as 0.
  double input_clip = 0.0;

  void validate() const;
};

// mlp_ensemble: several mlp networks (above) trained apart, each with its own seed, whose
// probabilities are averaged: its logits are log(mean over networks of softmax(network(x))), so
// that softmax of them is the mean probability. The networks are `members` repeated `repeats`
// times, repeat by repeat (members [a, b], repeats 2: a, b, a, b): several seeds of one network,
// several kinds, or both. ser-train trains each network alone (train/loop/trainer.h), so an
// ensemble of one network is that mlp. 1 to 32 networks in all.
struct MlpEnsembleParams {
  static constexpr const char* kName = "mlp_ensemble";

  std::vector<MlpParams> members{MlpParams{}};  // 1 to 16 networks, each with mlp's hyper-parameters
  int repeats = 3;                              // each member trained this many times, in [1, 16]; default 3

  // The networks in the order above.
  std::vector<MlpParams> networks() const;
  void validate() const;
};

// run_average: whole training runs of a vector network (issa1d, mlp or mlp_ensemble), each with
// the input normalisation and calibration temperature its training fitted, whose probabilities are
// averaged. ser-train trains one run at a time; `ser-train average` assembles the runs' bundles
// into one (nn/bundle_average.h). Runs differ in the speakers they held out for validation,
// their augmented copies and their seeds, and averaging them pays where more networks of one run
// do not (docs/results.md). Run k computes, on the bundle's normalised input x,
//   p_k = softmax(net_k((x - mean_k) / std_k) / temperature_k)
// with mean_k, std_k (one per input feature) and temperature_k its own tensors (buffers, stored in
// the bundle as "runs.K.mean", "runs.K.std", "runs.K.temperature"; 0, 1 and 1 when made here), and
// the logits are log(mean over runs of p_k), so that softmax of them is the mean probability.
struct AveragedRun {
  std::string architecture = "mlp";                                // issa1d, mlp or mlp_ensemble
  nlohmann::json hyper_parameters = nlohmann::json::object();      // the architecture's, complete once resolved
};

struct RunAverageParams {
  static constexpr const char* kName = "run_average";

  std::vector<AveragedRun> runs{AveragedRun{}, AveragedRun{}};  // 2 to 16 runs; default two mlp

  void validate() const;
};

// Whether a run of run_average may be of architecture `name`: the vector networks ser-train trains
// (issa1d, mlp, mlp_ensemble), not run_average itself.
bool run_average_takes(const std::string& name);

// fusion: a time-frequency branch and a voice-parameter branch in one network. Its input (B, F, T)
// is a sequence spec with a vector appended (FeatureSpec::append_vector): the first F - vector_dim
// rows are frames (log-mel or MFCC), the last vector_dim rows one value per window repeated over
// the frames (e.g. the eGeMAPS functionals), of which frame 0 is read.
//   sequence branch  logmel_cnn's 2-D blocks then the mean over frequency (two_d), or mfcc_cnn's
//                    1-D blocks; mean and max over time: 2 channels.back() values
//   vector branch    per width of vector_hidden: Linear BN ReLU Dropout(dropout)
//   head             the two concatenated, Dropout(dropout), Linear
// With branch_dropout p, training zeroes one branch's output for a share p of the examples (each
// branch half of them, never both), so that the network cannot lean on one branch alone.
// min_frames = pool_size ^ blocks; with two_d, the sequence rows must be at least as many.
struct FusionParams {
  static constexpr const char* kName = "fusion";

  int vector_dim = 88;                          // trailing rows holding the vector, in [1, 4096]; default 88
  std::vector<int> channels{16, 32, 64, 128};   // sequence branch blocks; 1 to 8 of [1, 4096]
  bool two_d = true;                            // 2-D blocks over (F, T) (log-mel) or 1-D over T (MFCC); default true
  int kernel_size = 3;                          // odd, in [1, 15]; default 3
  int pool_size = 2;                            // in [1, 8]; default 2
  std::vector<int> vector_hidden{128};          // vector branch widths; 1 to 8 of [1, 8192]; default {128}
  double dropout = 0.3;                         // in [0, 1); default 0.3
  double branch_dropout = 0.0;                  // in [0, 1); default 0

  void validate() const;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Issa1dParams, first_channels, channels, kernel_size, pool_size, dropout_early,
                                   dropout_late, dropout_head, head_batchnorm)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MfccCnnParams, channels, kernel_size, pool_size, dropout)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LogmelCnnParams, channels, kernel_size, pool_size, dropout)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MfccCrnnParams, channels, kernel_size, pool_size, rnn, hidden_size, num_layers,
                                   bidirectional, pooling, dropout)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MlpParams, hidden, dropout, input_dropout, input_clip)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MlpEnsembleParams, members, repeats)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AveragedRun, architecture, hyper_parameters)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RunAverageParams, runs)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FusionParams, vector_dim, channels, two_d, kernel_size, pool_size, vector_hidden,
                                   dropout, branch_dropout)

// The architectures, in a fixed order: issa1d, mfcc_cnn, logmel_cnn, mfcc_crnn, mlp, fusion,
// mlp_ensemble, run_average.
std::vector<std::string> architecture_names();

// Whether `name` takes a vector or a sequence. Throws ParameterError, listing the known names,
// for an unknown architecture (as do all functions here that take a name).
features::InputShape architecture_input(const std::string& name);

// The hyper-parameters of `name` with their defaults, as JSON.
nlohmann::json default_hyper_parameters(const std::string& name);

// `overrides` merged over the defaults of `name`, checked and complete. An unknown key (listing
// the known ones), a value of the wrong type, or one out of its range is a ParameterError.
nlohmann::json resolve_hyper_parameters(const std::string& name, const nlohmann::json& overrides);

// Frames a sequence network needs before it pads (1 for vector networks).
std::size_t architecture_min_frames(const std::string& name, const nlohmann::json& overrides);

// Checks that a network `name` can be built for `input_dim` features and `n_classes` outputs
// (>= 1 each; a vector long enough for issa1d's pooling; enough bands for logmel_cnn's). Throws
// ParameterError naming the problem.
void check_architecture_input(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                              std::size_t n_classes);

// The number of trainable parameters of the network (builds it; torch_modules.cc).
std::size_t parameter_count(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                            std::size_t n_classes);

}  // namespace ser::nn
