// seremotion: the model a training run exports: trained on all the data given, with its metadata.
//
// All the files train the network, except a validation part carved out of them (as in a
// cross-validation fold: by speaker when config.split is speaker-independent, else stratified;
// config.validation_fraction of the files) on which the epoch to keep is chosen by early stopping.
// With `validation` off, every file trains for exactly config.trainer.epochs epochs and the last
// weights are kept. The bundle's metadata is filled: name, description, architecture and
// hyper-parameters, FeatureSpec, normalisation, labels, hop, corpora (name, reader, files,
// licence, source), and the evaluation: the cross-validation scores when one was run, else the
// training protocol with a note that the model was not evaluated.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "nn/model_info.h"
#include "train/inputs/feature_cache.h"
#include "train/runs/run_config.h"
#include "train/runs/training_run.h"

namespace ser::train {

namespace dist {
class Job;
}

struct ExportOptions {
  std::string output;        // the .sermodel bundle to write; required
  std::string name;          // the bundle's name; "": "seremotion-<model>"; default ""
  std::string description;   // "": generated from the model, features and corpora; default ""
  double hop_seconds = 1.0;  // default hop the element uses between windows, s, in (0, window]; default 1
  bool validation = true;    // early stopping on a validation part (true) or a fixed epoch count; default true

  void validate(const features::FeatureSpec& spec) const;  // ParameterError naming the field
};

struct ExportedModel {
  nn::ModelInfo info;     // as written
  TrainingOutcome outcome;
  PartSizes sizes;
};

// What train_and_export would refuse, found from the list of files alone, before any feature is
// computed: options (ExportOptions::validate), fewer than two classes or a class of one file, and
// a validation part that cannot be made. Throws ParameterError / ser::Error.
void check_export(const RunConfig& config, const Dataset& dataset, const ExportOptions& options);

// Trains on `data` and writes options.output. `evaluation`: evaluation_json() of a
// cross-validation of the same recipe, or null. Throws ParameterError, ser::Error, ModelError.
// `job`: every rank of the job trains the model together, data parallel (trainer.h), and rank 0
// alone writes it.
ExportedModel train_and_export(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                               const ExportOptions& options, const nlohmann::json& evaluation,
                               const RunCallbacks& callbacks, RunTotals& totals, dist::Job* job = nullptr);

// The bundle's "corpora": per corpus {name, reader, files, licence, source}.
nlohmann::json corpora_json(const Dataset& dataset);

}  // namespace ser::train
