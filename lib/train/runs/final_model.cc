#include "train/runs/final_model.h"

#include <numeric>
#include <sstream>

#include "common/error.h"
#include "data/validation_split.h"
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
                             int best_epoch) {
  return {{"type", "final training on all data"},
          {"early_stopping", options.validation ? "on a validation part of the data" : "none (fixed epochs)"},
          {"validation_split", options.validation ? (data::is_speaker_independent(config.split) ? "speaker" : "stratified")
                                                  : "none"},
          {"train_files", sizes.train_files},
          {"augmented_copies", sizes.copies},
          {"validation_files", sizes.validation_files},
          {"best_epoch", best_epoch},
          {"settings", config.training_settings()},
          {"augmentation", config.augmentation.to_json()}};
}

}  // namespace

void ExportOptions::validate(const features::FeatureSpec& spec) const {
  if (output.empty()) throw ParameterError("no output bundle named: give one with --output MODEL");
  if (!(hop_seconds > 0 && hop_seconds <= spec.window_seconds)) {
    std::ostringstream m;
    m << "the model's hop must be in (0, " << spec.window_seconds << "] s, the window (got " << hop_seconds << ")";
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

ExportedModel train_and_export(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                               const ExportOptions& options, const nlohmann::json& evaluation,
                               const RunCallbacks& callbacks, RunTotals& totals, dist::Job* job) {
  options.validate(config.spec);
  const Dataset& d = data.dataset;
  check_class_sizes(d, 2);
  std::vector<size_t> all(d.utterances.size());
  std::iota(all.begin(), all.end(), size_t{0});
  data::TrainValidation tv{all, {}, {}};
  if (options.validation) {
    const auto vp = data::ValidationParams::for_scheme(config.split, config.validation_fraction, config.trainer.seed);
    tv = data::split_validation(d.utterances, all, vp);
  }
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
  const nlohmann::json protocol = protocol_json(config, options, out.sizes, out.outcome.best_epoch);
  if (evaluation.is_null()) {
    info.evaluation = {{"protocol", protocol},
                       {"scores", nullptr},
                       {"note", "not cross-validated: run ser-train train --cv for scores"}};
  } else {
    info.evaluation = evaluation;
    info.evaluation["training"] = protocol;
  }
  info.adaptation = out.outcome.adaptation;
  if (!job || job->is_root()) out.outcome.network->save(options.output, info);
  // What save() filled in, so that callers see the metadata as written.
  info.features = config.spec;
  info.normalization = out.outcome.network->normalization();
  info.architecture = out.outcome.network->architecture();
  info.hyper_parameters = out.outcome.network->hyper_parameters();
  return out;
}

}  // namespace ser::train
