// seremotion: everything a training run is told: data, features, cache, model, optimiser,
// augmentation and protocol. ser-train fills it from its options; cv and train share it.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "data/folds.h"
#include "features/feature_spec.h"
#include "train/augment/augmentation_params.h"
#include "train/inputs/dataset.h"
#include "train/inputs/feature_extraction.h"
#include "train/loop/class_weights.h"
#include "train/loop/trainer.h"
#include "vad/speech_trim.h"

namespace ser::train {

struct RunConfig {
  DatasetOptions data;
  features::FeatureSpec spec;                         // the features; default: natural_preset(trainer.model)
  double train_hop_seconds = 1.0;                     // s between training windows, in (0, 600]; default 1
  std::string cache_dir;                              // feature cache folder; "": no cache; default none
  TrainerOptions trainer;
  AugmentationParams augmentation;
  data::FoldScheme split = data::FoldScheme::SpeakerGrouped;  // cross-validation scheme; default speaker-grouped
  int folds = 5;                                      // k (stratified, speaker), in [2, 100]; default 5
  // The seed the folds are drawn from, when not the trainer's: runs from several seeds on the same
  // folds, whose test probabilities can be averaged file by file (tools/average-runs.py). It also
  // draws the windows heard of each test group for G:N test adaptations (cross_validation.h:
  // test_draw_seed). Default none.
  std::optional<uint64_t> fold_seed;
  double validation_fraction = 0.1;                   // of each training part, for early stopping, in (0, 1); default 0.1
  // Adaptive normalisation (features/adaptive_norm.h, train/runs/speaker_norm.h): "none"; "speaker",
  // each training file normalised by its speaker's statistics; "mixed", each by its speaker's and by
  // the prior alone. The bundle carries the prior. Default none.
  std::string adaptation = "none";
  double adapt_prior_windows = 30.0;             // the prior's weight, in windows, in (0, 1e6]; default 30
  std::string adapt_prior_balance = "speaker";    // what weighs the same in the prior: speaker or corpus
  // The loss's balance: "class" (inverse class frequency, trainer.class_weights), "corpus" (every
  // corpus and class pair weighs the same) or "class-corpus" (every class weighs the same, shared
  // equally by the corpora that hold it): train/loop/class_weights.h. Default class.
  std::string balance = "class";
  // Cross-validation with adaptation: the statistics each test file is normalised with for the main
  // scores (train/runs/speaker_norm.h: none, speaker, corpus, speaker:N); the reported ones are
  // scored too. Default speaker.
  std::string test_adaptation = "speaker";
  SpeechTrim trim;                                    // cut every clip to its speech (Silero VAD); default off

  // ParameterError naming the field; checks the model can take the features.
  void validate() const;
  ExtractionOptions extraction() const;
  // The protocol's free-form settings for reports and bundles: {"architecture", "training",
  // "validation_fraction", "train_hop_seconds"} and "trim_non_speech" when trimming.
  nlohmann::json training_settings() const;
};

// The features each architecture was designed for: issa1d -> issa193; mfcc_cnn, mfcc_crnn ->
// mfcc40; logmel_cnn -> logmel64; mlp, mlp_ensemble, run_average -> egemaps; fusion -> logmel64+egemaps. ParameterError for an unknown architecture.
std::string natural_preset(const std::string& architecture);

// RunConfig::balance's corpus balance: none for "class" (the trainer's class weights), Pairs for
// "corpus", Classes for "class-corpus"; ParameterError naming the three otherwise.
std::optional<CorpusBalance> parse_balance(const std::string& balance);

}  // namespace ser::train
