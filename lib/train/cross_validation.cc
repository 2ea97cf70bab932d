#include "train/cross_validation.h"

#include "common/error.h"
#include "data/validation_split.h"
#include "train/content_hash.h"
#include "train/metrics.h"

namespace ser::train {
namespace {

// Fills the parts of the report that do not depend on the folds.
void describe_run(const RunConfig& config, const PreparedData& data, size_t n_folds, RunReport& report) {
  const Dataset& d = data.dataset;
  report.libtorch_version = libtorch_version();
  report.corpora = d.corpora;
  report.skipped = d.skipped;
  report.labels = d.labels;
  Protocol& p = report.protocol;
  p.split = config.split;
  p.folds = static_cast<int>(n_folds);
  p.seed = config.trainer.seed;
  p.epochs = config.trainer.epochs;
  p.model = config.trainer.model;
  p.hyper_parameters = config.training_settings();
  p.feature_spec = config.spec.to_json();
  p.augmentation = config.augmentation.to_json();
}

std::string fold_message(size_t k, size_t n, const PartSizes& s, size_t test) {
  return "fold " + std::to_string(k + 1) + "/" + std::to_string(n) + ": " + std::to_string(s.train_files) +
         " training files, " + std::to_string(s.validation_files) + " validation, " + std::to_string(test) + " test";
}

nlohmann::json mean_std(const MeanStd& m) { return {{"mean", m.mean}, {"std", m.std}}; }

// The test files in examples_of's order (files without windows add no row), with their rows.
std::vector<FilePrediction> file_predictions(const PreparedData& data, const std::vector<size_t>& test,
                                             const Matrix& probabilities, const std::vector<int>& predicted) {
  std::vector<FilePrediction> out;
  size_t row = 0;
  for (size_t i : test) {
    if (data.features[i].windows.empty()) continue;
    const data::Utterance& u = data.dataset.utterances[i];
    FilePrediction p;
    p.path = u.path;
    p.corpus = u.corpus;
    p.speaker = u.speaker;
    p.label = data.dataset.targets[i];
    p.predicted = predicted[row];
    p.probabilities.assign(probabilities.row(row), probabilities.row(row) + probabilities.cols());
    out.push_back(std::move(p));
    ++row;
  }
  return out;
}

// Fold k's training files, split into those trained on and the validation part.
data::TrainValidation fold_split(const RunConfig& config, const Dataset& d, const data::Fold& fold, size_t k) {
  const auto vp = data::ValidationParams::for_scheme(config.split, config.validation_fraction,
                                                     config.trainer.seed + k + 1);
  return data::split_validation(d.utterances, fold.train, vp);
}

}  // namespace

std::vector<data::Fold> run_folds(const RunConfig& config, const Dataset& dataset) {
  data::FoldParams params;
  params.scheme = config.split;
  params.n_splits = config.folds;
  params.seed = config.trainer.seed;
  return data::make_folds(dataset.utterances, params);
}

void check_cross_validation(const RunConfig& config, const Dataset& d) {
  check_class_sizes(d, config.split == data::FoldScheme::LeaveOneSpeakerOut ? 2 : config.folds);
  const std::vector<data::Fold> folds = run_folds(config, d);
  for (size_t k = 0; k < folds.size(); ++k) {
    try {
      fold_split(config, d, folds[k], k);
    } catch (const ParameterError& e) {
      throw ParameterError("fold " + std::to_string(k + 1) + " of " + std::to_string(folds.size()) +
                           ": its training part cannot give a validation part: " + e.what() +
                           " (use fewer folds with --folds, or another --split)");
    }
  }
}

void cross_validate(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                    const RunCallbacks& callbacks, RunTotals& totals, RunReport& report) {
  const Dataset& d = data.dataset;
  check_cross_validation(config, d);
  const std::vector<data::Fold> folds = run_folds(config, d);
  describe_run(config, data, folds.size(), report);
  for (size_t k = 0; k < folds.size(); ++k) {
    const data::Fold& fold = folds[k];
    const data::TrainValidation tv = fold_split(config, d, fold, k);
    PartSizes sizes;
    sizes.train_files = tv.train.size();
    sizes.validation_files = tv.validation.size();
    if (callbacks.part) callbacks.part("fold " + std::to_string(k + 1) + "/" + std::to_string(folds.size()));
    if (callbacks.stage) callbacks.stage(fold_message(k, folds.size(), sizes, fold.test.size()));
    const TrainingOutcome outcome = train_part(config, data, cache, tv.train, tv.validation,
                                               hash_combine(config.trainer.seed, k + 1), callbacks, totals, &sizes);
    const ExampleSet test = examples_of(data, fold.test);
    const Matrix probabilities = outcome.network->file_probabilities(test);
    const std::vector<int> predicted = argmax_rows(probabilities);

    FoldReport f;
    f.index = static_cast<int>(k + 1);
    f.test_speakers = fold.test_speakers;
    f.n_train = sizes.train_files;
    f.n_validation = sizes.validation_files;
    f.n_test = test.n_files();
    f.best_epoch = outcome.best_epoch;
    f.scores = evaluate(test.file_targets, predicted, static_cast<int>(d.labels.size()));
    f.curve = outcome.curve;
    f.predictions = file_predictions(data, fold.test, probabilities, predicted);
    report.folds.push_back(std::move(f));
  }
  report.wall_time = totals.wall_time;
  report.cache = totals.cache;
}

nlohmann::json evaluation_json(const RunReport& report) {
  const FoldAggregate a = summarize(report);
  nlohmann::json per_class = nlohmann::json::array();
  for (size_t c = 0; c < report.labels.size(); ++c) {
    const ClassMeanStd& s = a.per_class[c];
    per_class.push_back({{"label", report.labels[c]},
                         {"precision", mean_std(s.precision)},
                         {"recall", mean_std(s.recall)},
                         {"f1", mean_std(s.f1)},
                         {"n_folds", s.n_folds}});
  }
  const Protocol& p = report.protocol;
  return {{"protocol",
           {{"type", "cross-validation"},
            {"split", data::fold_scheme_name(p.split)},
            {"folds", p.folds},
            {"seed", p.seed},
            {"epochs", p.epochs},
            {"unit", "file (mean of its windows' probabilities)"}}},
          {"scores",
           {{"accuracy", mean_std(a.accuracy)},
            {"ua", mean_std(a.ua)},
            {"wa", mean_std(a.wa)},
            {"macro_f1", mean_std(a.macro_f1)},
            {"per_class", per_class},
            {"pooled",
             {{"accuracy", a.pooled.accuracy},
              {"ua", a.pooled.ua},
              {"macro_f1", a.pooled.macro_f1},
              {"n_items", a.pooled.n_items}}}}}};
}

}  // namespace ser::train
