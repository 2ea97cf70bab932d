#include "train/runs/final_model.h"

#include <numeric>
#include <sstream>

#include "common/error.h"
#include "data/validation_split.h"
#include "features/windowing.h"
#include "train/dist/job.h"
#include "train/inputs/corpus_licences.h"

namespace ser::train {
namespace {

std::string describe(const RunConfig& config, const Dataset& d) {
  std::ostringstream s;
  s << config.trainer.model << " on " << config.spec.name << " features, trained by ser-train on ";
  for (size_t i = 0; i < d.corpora.size(); ++i) {
    s << (i ? ", " : "") << corpus_terms(d.corpora[i].name).title << " (" << d.corpora[i].files << " files)";
  }
  s << "; classes: ";
  for (size_t i = 0; i < d.labels.size(); ++i) s << (i ? ", " : "") << d.labels[i];
  return s.str();
}

nlohmann::json protocol_json(const RunConfig& config, const ExportOptions& options, const PartSizes& sizes,
                             const TrainingOutcome& outcome) {
  const TemperatureFit& c = outcome.calibration;
  const nlohmann::json calibration =
      c.items == 0 ? nlohmann::json("none (no validation part)")
                   : nlohmann::json{{"method", "temperature scaling on the validation part"},
                                    {"temperature", c.temperature},
                                    {"validation_windows", c.items},
                                    {"validation_nll_before", c.nll_before},
                                    {"validation_nll_after", c.nll_after}};
  return {{"type", "final training on all data"},
          {"early_stopping", options.validation ? "on a validation part of the data" : "none (fixed epochs)"},
          {"validation_split", options.validation ? (data::is_speaker_independent(config.split) ? "speaker" : "stratified")
                                                  : "none"},
          {"train_files", sizes.train_files},
          {"augmented_copies", sizes.copies},
          {"validation_files", sizes.validation_files},
          {"best_epoch", outcome.best_epoch},
          {"calibration", calibration},
          {"settings", config.training_settings()},
          {"augmentation", config.augmentation.to_json()}};
}

// All the files, split into those trained on and the validation part (none without validation).
data::TrainValidation final_split(const RunConfig& config, const Dataset& d, const ExportOptions& options) {
  std::vector<size_t> all(d.utterances.size());
  std::iota(all.begin(), all.end(), size_t{0});
  if (!options.validation) return {all, {}, {}};
  const auto vp = data::ValidationParams::for_scheme(config.split, config.validation_fraction, config.trainer.seed);
  return data::split_validation(d.utterances, all, vp);
}

}  // namespace

void ExportOptions::validate(const features::FeatureSpec& spec) const {
  if (output.empty()) throw ParameterError("no output bundle named: give one with --output MODEL");
  // The bounds a bundle's window and hop must keep (nn::ModelInfo::validate), checked before any work.
  if (!(spec.window_seconds >= features::kMinWindowSeconds && spec.window_seconds <= features::kMaxWindowSeconds)) {
    std::ostringstream m;
    m << "a model's window must be in [" << features::kMinWindowSeconds << ", " << features::kMaxWindowSeconds
      << "] s, but the features' window_seconds is " << spec.window_seconds;
    throw ParameterError(m.str());
  }
  if (!(hop_seconds >= features::kMinWindowSeconds && hop_seconds <= spec.window_seconds)) {
    std::ostringstream m;
    m << "the model's hop (--hop) must be in [" << features::kMinWindowSeconds << ", " << spec.window_seconds
      << "] s, at most the window (got " << hop_seconds << ")";
    throw ParameterError(m.str());
  }
}

nlohmann::json corpora_json(const Dataset& d) {
  nlohmann::json out = nlohmann::json::array();
  for (const CorpusInfo& c : d.corpora) {
    const CorpusTerms t = corpus_terms(c.name);
    out.push_back({{"name", t.title}, {"reader", c.name}, {"files", c.files}, {"licence", t.licence}, {"source", t.source}});
  }
  return out;
}

void check_export(const RunConfig& config, const Dataset& d, const ExportOptions& options) {
  options.validate(config.spec);
  check_class_sizes(d, 2);
  try {
    final_split(config, d, options);
  } catch (const ParameterError& e) {
    throw ParameterError(std::string("the files cannot give a validation part for early stopping: ") + e.what() +
                         " (or train on every file with --no-validation)");
  }
}

ExportedModel train_and_export(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                               const ExportOptions& options, const nlohmann::json& evaluation,
                               const RunCallbacks& callbacks, RunTotals& totals, dist::Job* job) {
  const Dataset& d = data.dataset;
  check_export(config, d, options);
  const data::TrainValidation tv = final_split(config, d, options);
  if (callbacks.part) callbacks.part("final model");
  if (callbacks.stage) {
    callbacks.stage("final model: " + std::to_string(tv.train.size()) + " training files, " +
                    std::to_string(tv.validation.size()) + " validation");
  }
  ExportedModel out;
  out.outcome = train_part(config, data, cache, tv.train, tv.validation, config.trainer.seed, callbacks, totals,
                           &out.sizes, job ? &job->world() : nullptr);

  nn::ModelInfo& info = out.info;
  info.name = options.name.empty() ? "seremotion-" + config.trainer.model : options.name;
  info.description = options.description.empty() ? describe(config, d) : options.description;
  info.labels = d.labels;
  info.hop_seconds = options.hop_seconds;
  info.corpora = corpora_json(d);
  const nlohmann::json protocol = protocol_json(config, options, out.sizes, out.outcome);
  if (evaluation.is_null()) {
    info.evaluation = {{"protocol", protocol},
                       {"scores", nullptr},
                       {"note", "not cross-validated: run ser-train train --cv for scores"}};
  } else {
    info.evaluation = evaluation;
    info.evaluation["training"] = protocol;
  }
  info.adaptation = out.outcome.adaptation;
  info.speech_trim = config.trim;
  if (!job || job->is_root()) out.outcome.network->save(options.output, info);
  // What save() filled in, so that callers see the metadata as written.
  info.features = config.spec;
  info.normalization = out.outcome.network->normalization();
  info.architecture = out.outcome.network->architecture();
  info.hyper_parameters = out.outcome.network->hyper_parameters();
  return out;
}

}  // namespace ser::train
