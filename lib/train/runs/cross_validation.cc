#include "train/runs/cross_validation.h"

#include <map>

#include "common/error.h"
#include "data/label_folding.h"
#include "data/validation_split.h"
#include "train/dist/fold_sharing.h"
#include "train/inputs/content_hash.h"
#include "train/report/calibration.h"
#include "train/report/metrics.h"
#include "train/report/run_context.h"
#include "train/runs/speaker_norm.h"

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
  p.fold_seed = config.fold_seed;
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

// The test files in examples_of's order (files without windows add no row), with their rows;
// `targets` holds the class each test file is scored as, in `test` order.
std::vector<FilePrediction> file_predictions(const PreparedData& data, const std::vector<size_t>& test,
                                             const std::vector<int>& targets, const Matrix& probabilities,
                                             const std::vector<int>& predicted) {
  std::vector<FilePrediction> out;
  size_t row = 0;
  for (size_t t = 0; t < test.size(); ++t) {
    const size_t i = test[t];
    if (data.features[i].windows.empty()) continue;
    const data::Utterance& u = data.dataset.utterances[i];
    FilePrediction p;
    p.path = u.path;
    p.corpus = u.corpus;
    p.speaker = u.speaker;
    if (u.gender != data::Gender::Unknown) p.gender = data::gender_name(u.gender);
    p.label = targets[t];
    p.predicted = predicted[row];
    p.probabilities.assign(probabilities.row(row), probabilities.row(row) + probabilities.cols());
    out.push_back(std::move(p));
    ++row;
  }
  return out;
}

// How a fold's test files are scored. In-corpus folds: every file as its class, the model's
// probabilities as they are. Leave-one-corpus-out: the test corpus's classes read against those
// trained on (data/label_folding.h): a test file whose class the training part never had counts
// as its fold target (calm as neutral) or, without one, is not scored; the model's probabilities
// are folded onto the classes scored (calm onto neutral, labels the test corpus lacks dropped) and
// the prediction is the most probable of those.
struct TestReading {
  std::vector<size_t> files;       // the test files scored, ascending
  std::vector<int> targets;        // per scored file: the class it is scored as
  std::vector<int> output_target;  // per model class: the class its probability counts for, or -1
  size_t unscored = 0;             // test files left out: their class has no counterpart in training
};

TestReading read_test_fold(const Dataset& d, const data::Fold& fold) {
  TestReading r;
  const size_t n = d.labels.size();
  if (fold.held_out_corpus.empty()) {
    r.files = fold.test;
    for (size_t i : fold.test) r.targets.push_back(d.targets[i]);
    for (size_t c = 0; c < n; ++c) r.output_target.push_back(static_cast<int>(c));
    return r;
  }
  std::vector<bool> trained(n, false);
  for (size_t i : fold.train) trained[static_cast<size_t>(d.targets[i])] = true;
  std::vector<std::string> trained_labels;  // "" stands for a class without training files
  for (size_t c = 0; c < n; ++c) trained_labels.push_back(trained[c] ? d.labels[c] : "");
  const std::vector<int> test_reading = data::label_folding(d.labels, trained_labels);
  std::vector<bool> scored(n, false);
  for (size_t i : fold.test) {
    const int target = test_reading[static_cast<size_t>(d.targets[i])];
    if (target < 0) {
      ++r.unscored;
      continue;
    }
    r.files.push_back(i);
    r.targets.push_back(target);
    scored[static_cast<size_t>(target)] = true;
  }
  std::vector<std::string> scored_labels;
  for (size_t c = 0; c < n; ++c) scored_labels.push_back(scored[c] ? d.labels[c] : "");
  r.output_target = data::label_folding(d.labels, scored_labels);
  for (size_t c = 0; c < n; ++c) {
    if (!trained[c]) r.output_target[c] = -1;
  }
  return r;
}

// Each row folded as `reading` says; rows keep the model's class order.
Matrix fold_rows(const Matrix& probabilities, const TestReading& reading) {
  Matrix out(probabilities.rows(), probabilities.cols());
  for (size_t r = 0; r < probabilities.rows(); ++r) {
    const std::vector<float> row(probabilities.row(r), probabilities.row(r) + probabilities.cols());
    const std::vector<float> folded = data::fold_probabilities(row, reading.output_target, probabilities.cols());
    std::copy(folded.begin(), folded.end(), out.row(r));
  }
  return out;
}

// How well the fold's confidence matched its accuracy on its test windows and files, before and
// after the temperature `fit` of its validation part. `log_probabilities`: the test windows'.
FoldCalibration fold_calibration(const TemperatureFit& fit, const ExampleSet& test, const TestReading& reading,
                                 const Matrix& log_probabilities) {
  const Matrix before = tempered(log_probabilities, 1.0);
  const Matrix after = tempered(log_probabilities, fit.temperature);
  const std::vector<int> window_targets = test.window_targets();
  FoldCalibration c;
  c.fit = fit;
  c.windows_before = reliability(fold_rows(before, reading), window_targets);
  c.windows_after = reliability(fold_rows(after, reading), window_targets);
  c.files_before = reliability(fold_rows(test.mean_by_file(before), reading), test.file_targets);
  c.files_after = reliability(fold_rows(test.mean_by_file(after), reading), test.file_targets);
  return c;
}

// The test files of `reading` as the network sees them: as they are, or normalised by the
// statistics of their `group` when the model adapts.
ExampleSet test_set(const PreparedData& data, const TestReading& reading, const TrainingOutcome& outcome,
                    const RunConfig& config, const TestAdaptation& adapt, std::vector<FileFeatures>& storage) {
  ExampleSet set;
  if (outcome.adaptation.enabled()) {
    storage = normalised_by_group(data, reading.files, adapt.group, outcome.adaptation, config.spec, adapt.windows,
                                  test_draw_seed(config));
  }
  for (size_t t = 0; t < reading.files.size(); ++t) {
    set.add_file(outcome.adaptation.enabled() ? storage[t] : data.features[reading.files[t]], reading.targets[t]);
  }
  return set;
}

// Fold k's training files, split into those trained on and the validation part.
data::TrainValidation fold_split(const RunConfig& config, const Dataset& d, const data::Fold& fold, size_t k) {
  const auto vp = data::ValidationParams::for_scheme(config.split, config.validation_fraction,
                                                     config.trainer.seed + k + 1);
  return data::split_validation(d.utterances, fold.train, vp);
}

}  // namespace

uint64_t test_draw_seed(const RunConfig& config) { return config.fold_seed.value_or(config.trainer.seed); }

std::vector<data::Fold> run_folds(const RunConfig& config, const Dataset& dataset) {
  data::FoldParams params;
  params.scheme = config.split;
  params.n_splits = config.folds;
  params.seed = config.fold_seed.value_or(config.trainer.seed);
  return data::make_folds(dataset.utterances, params);
}

namespace {

// Trains fold k on its training part and scores its test files. `team`: the processes that train
// it together (data parallel), or nullptr for this one alone; `ready`: its augmented copies made
// ahead, or nullptr.
FoldReport run_fold(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                    const std::vector<data::Fold>& folds, size_t k, const RunCallbacks& callbacks, RunTotals& totals,
                    dist::Group* team, const ReadyCopies* ready) {
  const Dataset& d = data.dataset;
  const data::Fold& fold = folds[k];
  const data::TrainValidation tv = fold_split(config, d, fold, k);
  PartSizes sizes;
  sizes.train_files = tv.train.size();
  sizes.validation_files = tv.validation.size();
  if (callbacks.part) callbacks.part("fold " + std::to_string(k + 1) + "/" + std::to_string(folds.size()));
  if (callbacks.stage) callbacks.stage(fold_message(k, folds.size(), sizes, fold.test.size()));
  const TrainingOutcome outcome = train_part(config, data, cache, tv.train, tv.validation,
                                             hash_combine(config.trainer.seed, k + 1), callbacks, totals, &sizes, team,
                                             ready);
  const TestReading reading = read_test_fold(d, fold);
  const TestAdaptation main_group = parse_test_adaptation(config.test_adaptation);
  std::vector<FileFeatures> storage;
  const ExampleSet test = test_set(data, reading, outcome, config, main_group, storage);
  // Calibrated, as the exported bundle's Classifier gives them.
  const Matrix log_probabilities = outcome.network->window_log_probabilities(test);
  const Matrix probabilities =
      fold_rows(test.mean_by_file(tempered(log_probabilities, outcome.network->temperature())), reading);
  const std::vector<int> predicted = argmax_rows(probabilities);
  std::map<std::string, double> ua_by_group;
  if (outcome.adaptation.enabled()) {
    for (const TestAdaptation& g : reported_test_adaptations()) {
      std::vector<FileFeatures> other;
      const ExampleSet s = test_set(data, reading, outcome, config, g, other);
      const Matrix p = fold_rows(outcome.network->file_probabilities(s), reading);
      ua_by_group[test_adaptation_name(g)] = evaluate(s.file_targets, argmax_rows(p), static_cast<int>(d.labels.size())).ua;
    }
  }

  FoldReport f;
  f.index = static_cast<int>(k + 1);
  f.test_speakers = fold.test_speakers;
  f.held_out_corpus = fold.held_out_corpus;
  f.n_unscored = reading.unscored;
  f.ua_by_test_adaptation = ua_by_group;
  f.n_train = sizes.train_files;
  f.n_validation = sizes.validation_files;
  f.n_test = test.n_files();
  f.best_epoch = outcome.best_epoch;
  f.scores = evaluate(test.file_targets, predicted, static_cast<int>(d.labels.size()));
  f.curve = outcome.curve;
  f.predictions = file_predictions(data, reading.files, reading.targets, probabilities, predicted);
  f.calibration = fold_calibration(outcome.calibration, test, reading, log_probabilities);
  return f;
}

}  // namespace

void check_cross_validation(const RunConfig& config, const Dataset& d) {
  check_class_sizes(d, data::has_natural_folds(config.split) ? 2 : config.folds);
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
                    const RunCallbacks& callbacks, RunTotals& totals, RunReport& report, dist::Job* job) {
  const Dataset& d = data.dataset;
  check_cross_validation(config, d);
  const std::vector<data::Fold> folds = run_folds(config, d);
  describe_run(config, data, folds.size(), report);
  if (job) {
    // The ranks train their folds apart: every fold's augmented copies are made first, each once.
    std::vector<std::vector<size_t>> parts;
    for (size_t k = 0; k < folds.size(); ++k) parts.push_back(fold_split(config, d, folds[k], k).train);
    const ReadyCopies ready = extract_copies(config, data, cache, parts, callbacks, totals, job->world());
    report.folds = dist::share_folds(*job, folds.size(), [&](size_t k, dist::Group& team, RunTotals& t) {
      return run_fold(config, data, cache, folds, k, callbacks, t, &team, &ready);
    }, totals);
  } else {
    for (size_t k = 0; k < folds.size(); ++k) {
      report.folds.push_back(run_fold(config, data, cache, folds, k, callbacks, totals, nullptr, nullptr));
    }
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
  nlohmann::json out = {{"protocol",
           {{"type", "cross-validation"},
            {"split", data::fold_scheme_name(p.split)},
            {"folds", p.folds},
            {"seed", p.seed},
            {"epochs", p.epochs},
            {"unit", "file (mean of its windows' calibrated probabilities)"}}},
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
  if (p.fold_seed) out["protocol"]["fold_seed"] = *p.fold_seed;
  const CalibrationSummary c = summarize_calibration(report);
  if (c.measured) {
    out["calibration"] = {{"method", "temperature scaling, fitted on each fold's validation part"},
                          {"bins", kCalibrationBins},
                          {"ece_windows_before", mean_std(c.ece_windows_before)},
                          {"ece_windows_after", mean_std(c.ece_windows_after)},
                          {"ece_files_before", mean_std(c.ece_files_before)},
                          {"ece_files_after", mean_std(c.ece_files_after)}};
  }
  return out;
}

}  // namespace ser::train
