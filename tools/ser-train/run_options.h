// ser-train: the options cv and train share (corpora, labels, features, model, optimiser,
// augmentation, protocol, cache), registered on a subcommand and turned into a train::RunConfig.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dist_options.h"
#include "train/inputs/feature_cache.h"
#include "train/runs/run_config.h"
#include "train/runs/training_run.h"

namespace ser::cli {

// What the command line says, before it is checked and turned into a RunConfig.
struct RunOptions {
  std::vector<std::string> corpora;
  std::string merge, drop, keep;
  bool ravdess_song = false;
  bool mesd_naturalness_reduced = false;
  std::string default_language = "und";

  std::string model = "issa1d";
  std::vector<std::string> hp;
  std::string hp_json;
  std::string features;  // preset or FeatureSpec JSON file; "": the model's
  double train_hop = 1.0;
  bool trim_non_speech = false;
  double trim_margin = 0.1;

  int epochs = 30;
  int batch_size = 32;
  double lr = 1e-3;
  double weight_decay = 0.0;
  double mixup = 0.0;
  std::string schedule = "cosine";
  int warmup = 0;
  double min_lr_ratio = 0.01;
  double plateau_factor = 0.5;
  int plateau_patience = 3;
  std::string keep_weights = "best";
  int patience = 10;
  bool no_class_weights = false;
  uint64_t seed = 0;
  std::optional<uint64_t> fold_seed;
  int threads = 0;
  int jobs = 0;
  double validation_fraction = 0.1;

  std::string split = "speaker";
  int folds = 5;

  std::string adaptation = "none";
  std::string balance = "class";
  double adapt_prior_windows = 30.0;
  std::string adapt_prior_balance = "speaker";
  std::string test_adaptation = "speaker";

  std::string cache;
  bool no_cache = false;

  int augment_copies = 1;
  std::string noise;
  std::string snr = "10:30";
  int babble_talkers = 3;
  std::string gain_db;
  double shift = 0.0;
  std::string shift_mode = "circular";
  std::vector<double> speeds;
  bool reverb = false;
  std::string rt60 = "0.2:0.8";
  std::string drr = "0:12";
  bool eq = false;
  double eq_max_db = 8.0;
  double eq_highpass_max = 300.0;
  int eq_order = 2;
  std::vector<std::string> codecs;
  std::string codec_bitrate = "8000:32000";
  int time_masks = 0;
  int time_mask_frames = 10;
  int freq_masks = 0;
  int freq_mask_bands = 8;
};

// Registers the shared options on `cmd`, writing into `o`.
void add_run_options(CLI::App& cmd, RunOptions& o);

// The checked RunConfig. Throws ser::Error / ParameterError naming the option at fault.
train::RunConfig make_run_config(const RunOptions& o);

// The cache the options ask for: --no-cache or no cache folder -> none.
train::FeatureCache make_cache(const RunOptions& o, const train::RunConfig& config);

// Progress on stderr: stage lines, the extraction count, and the epoch line (rewritten in place
// on a terminal, plain lines otherwise).
class RunProgress {
 public:
  RunProgress();
  ~RunProgress();
  train::RunCallbacks callbacks();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// What cv and train start from: the checked configuration, the cache, progress on stderr, and the
// data with its features; in a distributed job, the job (nullptr for a process alone).
struct PreparedRun {
  std::unique_ptr<train::dist::Job> job;  // first: the last to go
  train::RunConfig config;
  train::FeatureCache cache;
  RunProgress progress;
  train::RunCallbacks callbacks;
  train::RunTotals totals;
  train::PreparedData data;
};

// What a command checks before the first feature is extracted: the configuration (outputs,
// options), then the files the corpora list (folds, validation parts).
struct EarlyChecks {
  std::function<void(const train::RunConfig&)> config;
  std::function<void(const train::RunConfig&, const train::Dataset&)> dataset;
};

// Checks the options and runs `checks`, joins the job that `dist` and the environment describe
// (dist_options.h), opens the cache, reads the corpora, checks their files, computes their
// features (shared out in a job), and prints the data warnings on stderr.
std::unique_ptr<PreparedRun> prepare_run(const RunOptions& o, const EarlyChecks& checks = {},
                                         const DistOptions& dist = {});

}  // namespace ser::cli
