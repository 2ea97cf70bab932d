// seremotion: k-fold cross-validation of a training recipe, with honest test folds.
//
// For each fold of data::make_folds (config.split, config.folds, config.fold_seed or else the
// trainer's seed):
//   1. the fold's training files are split again (data::split_validation, by speaker when the
//      folds are speaker-independent, with seed + k for fold k = 1..K): a validation part for
//      early stopping, the rest for training; the test fold plays no part in any training decision;
//   2. the training part alone is augmented and gives the normalisation (training_run.h);
//   3. the network is trained (trainer.h) with seed = hash(seed, fold);
//   4. every test file is scored by the mean of its windows' probabilities and the fold's
//      predictions give its Scores (metrics.h).
// The report gets each fold's test speakers, sizes, best epoch, scores and learning curve.
#pragma once

#include <nlohmann/json.hpp>

#include "train/inputs/feature_cache.h"
#include "train/report/report.h"
#include "train/runs/run_config.h"
#include "train/runs/training_run.h"

namespace ser::train {

namespace dist {
class Job;
}

// The folds the run uses (make_folds with the config's scheme, k and fold_seed, or else the
// trainer's seed);
// ParameterError (naming the label or the speakers) when the data cannot be split so.
std::vector<data::Fold> run_folds(const RunConfig& config, const Dataset& dataset);

// The seed of the N windows drawn from each test group for a test adaptation G:N (--test-adaptation
// speaker:3, and the reported speaker:3, :10, :30): the fold seed's when there is one, as the
// folds', so that runs from several seeds on one fold seed hear the same windows of a speaker, as
// the runs averaged in one bundle hear one stream; else the trainer's.
uint64_t test_draw_seed(const RunConfig& config);

// What cross_validate would refuse, found from the list of files alone, before any feature is
// computed: too few files of a class for the folds (check_class_sizes), folds that cannot be made,
// and a fold whose training part cannot give a validation part (3 speakers in 2 folds leave one
// training speaker). Throws ParameterError / ser::Error naming the label, the speakers or the option.
void check_cross_validation(const RunConfig& config, const Dataset& dataset);

// Cross-validates and fills `report` (started with start_report): corpora, skipped files, labels,
// protocol, folds, wall time (this function's share is added to `totals`) and cache counts.
// Checks first (check_cross_validation). `job`: the folds are shared out over its ranks
// (dist/fold_sharing.h) and every rank gets the whole report.
void cross_validate(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                    const RunCallbacks& callbacks, RunTotals& totals, RunReport& report, dist::Job* job = nullptr);

// The evaluation a bundle carries after cross-validation: {"protocol": {...}, "scores": {...}}
// with the mean and sample standard deviation of accuracy, UA, WA and macro F1 over the folds,
// the pooled scores and per-class figures.
nlohmann::json evaluation_json(const RunReport& report);

}  // namespace ser::train
