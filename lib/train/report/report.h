// seremotion: the report of a cross-validated training run, and the folder it is written to.
//
// The trainer fills a RunReport as it goes (start_report() at the start, one FoldReport per
// fold) and calls write_report(report, dir), which creates `dir` and writes:
//   report.json    every figure, for programs (schema below and in docs/report-format.md)
//   report.md      a summary for people: command, data, protocol, per-fold scores with mean ± std,
//                  per-class table, summed confusion matrix, links to the plots
//   confusion.png  the confusion matrix summed over the folds (plots.h)
//   folds.png      accuracy, UA and macro F1 per fold, with their means
//   curves.png     learning curves of every fold
//   reliability.png  the reliability of the test windows pooled over the folds, before and after
//                  calibration (plots.h)
//   classes.png    precision and recall of each class, mean ± std over the folds
//   confusion-<corpus>.png  leave-one-corpus-out runs: the confusion matrix of each held-out
//                  corpus (its folds summed), named by held_out_confusion_file()
//
// report.json, format_version 1. Scores are fractions in [0, 1]; "_std" fields are sample
// standard deviations over folds (ddof = 1; 0 with one fold); losses are mean cross-entropy;
// times are seconds; a value that was not measured (NaN) is null. Keys come in this order.
//   format               "seremotion-report"
//   format_version       1
//   command              the command line, shell-quoted
//   versions             {seremotion, libtorch}
//   date                 UTC ISO 8601, e.g. "2024-05-01T12:34:56Z"
//   machine              {cores, cpu_model}
//   corpora              [{name, path, files, licence}]
//   skipped              {count, files: [{path, reason}]}
//   labels               [names], the class order of every per-class list and confusion matrix
//   protocol             {split: "stratified"|"speaker"|"loso", folds, seed, [fold_seed], epochs, model,
//                         hyper_parameters, feature_spec, augmentation} (the last three: JSON
//                         objects as the trainer gives them)
//   wall_time            {feature_extraction_s, training_s}
//   cache                {hits, misses}
//   folds                [{index (1-based), test_speakers: [names],
//                          sizes: {train, validation, test}, best_epoch,
//                          accuracy, ua, wa, macro_f1,
//                          per_class: [{label, precision, recall, f1, support, predicted}],
//                          confusion: [[counts]] (rows = true, columns = predicted),
//                          curve: {epoch: [..], train_loss: [..], val_loss: [..], val_ua: [..],
//                                  learning_rate: [..], seconds: [..]}, one entry per epoch,
//                          calibration: {temperature, validation_windows, validation_nll_before,
//                                  validation_nll_after, ece: {windows_before, windows_after,
//                                  files_before, files_after}}}]
//   mean                 {n_folds, accuracy, accuracy_std, ua, ua_std, wa, wa_std, macro_f1,
//                         macro_f1_std, per_class: [{label, n_folds, precision, precision_std,
//                         recall, recall_std, f1, f1_std}]}; per-class figures over the n_folds
//                         folds in which the class occurs (metrics.h, ClassMeanStd)
//   pooled               {n_items, accuracy, ua, wa, macro_f1, per_class: [as in folds],
//                         confusion: [[counts]]}: the confusion matrix summed over the folds
//                         (every item tested once) and its scores
//   calibration          {method: "temperature scaling", bins: 15, temperature, ece_windows_before,
//                         ece_windows_after, ece_files_before, ece_files_after (each with its
//                         "_std" over the folds), reliability: {windows_before, windows_after,
//                         files_before, files_after: {count: [..], confidence: [..], accuracy:
//                         [..]} per bin, pooled over the folds}} (report/calibration.h)
// metrics.h gives the definitions of the scores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/folds.h"
#include "train/report/calibration.h"
#include "train/report/learning_curve.h"
#include "train/report/metrics.h"
#include "train/report/run_context.h"

namespace ser::train {

struct CorpusInfo {
  std::string name;     // reader name, e.g. "ravdess"
  std::string path;     // the root folder or manifest, as given on the command line
  size_t files = 0;     // files used from it (after skipping)
  std::string licence;  // e.g. "CC BY-NC-SA 4.0"
};

struct SkippedFile {
  std::string path;
  std::string reason;  // what was wrong, e.g. "cannot decode: ...", "label 'xyz' is not mapped"
};

struct Protocol {
  data::FoldScheme split = data::FoldScheme::Stratified;
  int folds = 0;     // folds evaluated (leave-one-speaker-out: one per speaker)
  uint64_t seed = 0;
  std::optional<uint64_t> fold_seed;  // the folds' own seed, when not `seed` (ser-train --fold-seed)
  int epochs = 0;    // the most epochs a fold trains for
  std::string model; // the zoo name of the architecture
  // Free-form objects, written as given: the architecture's and optimiser's settings, the
  // FeatureSpec (FeatureSpec::to_json()), the augmentation settings.
  nlohmann::json hyper_parameters = nlohmann::json::object();
  nlohmann::json feature_spec = nlohmann::json::object();
  nlohmann::json augmentation = nlohmann::json::object();
};

struct WallTime {
  double feature_extraction_s = 0.0;  // seconds, decoding and features (cache hits included)
  double training_s = 0.0;            // seconds, all folds' training and testing
};

struct CacheCounts {
  size_t hits = 0;    // feature sets read from the cache
  size_t misses = 0;  // feature sets computed (and stored)
};

// One test file's prediction (the mean of its windows' probabilities), for error analysis and for
// scores per corpus.
struct FilePrediction {
  std::string path;
  std::string corpus;
  std::string speaker;
  std::string gender;                // the speaker's: "female", "male", or "" where the reader does not know
  int label = 0;                     // true class index
  int predicted = 0;                 // argmax of probabilities
  std::vector<float> probabilities;  // one per label, in label order
};

// How well a fold's confidence matched its accuracy (report/calibration.h): the temperature fitted
// on the fold's validation part, and the reliability of its test windows and files before (T = 1)
// and after calibration.
struct FoldCalibration {
  TemperatureFit fit;
  Reliability windows_before, windows_after;
  Reliability files_before, files_after;
};

struct FoldReport {
  int index = 0;                           // 1-based, in the order of the folds
  std::vector<std::string> test_speakers;  // as data::Fold::test_speakers
  std::string held_out_corpus;             // leave-one-corpus-out: the test corpus; empty otherwise
  size_t n_unscored = 0;                   // leave-one-corpus-out: test files whose class was never trained on
  // Models trained with adaptation: the UA with the test files normalised by each of
  // reported_test_adaptations() (train/runs/speaker_norm.h); `scores` is the run's test_adaptation's.
  std::map<std::string, double> ua_by_test_adaptation;
  size_t n_train = 0;                      // items trained on
  size_t n_validation = 0;                 // items held out of training to pick the best epoch
  size_t n_test = 0;                       // items scored
  int best_epoch = 0;                      // 1-based epoch whose weights were tested; 0: none
  Scores scores;                           // on the test items (metrics.h), confusion included
  LearningCurve curve;                     // one record per epoch trained
  std::vector<FilePrediction> predictions; // per test file; may be empty (then no per-corpus scores)
  FoldCalibration calibration;             // empty reliabilities: not measured (no calibration section)
};

struct RunReport {
  std::string command;             // command_line(argc, argv)
  std::string seremotion_version;  // seremotion_version()
  std::string libtorch_version;    // filled by the trainer (TORCH_VERSION)
  std::string date;                // UTC ISO 8601 of the start
  MachineInfo machine;
  std::vector<CorpusInfo> corpora;
  std::vector<SkippedFile> skipped;
  std::vector<std::string> labels;  // class names in class-index order
  Protocol protocol;
  std::vector<FoldReport> folds;
  WallTime wall_time;
  CacheCounts cache;
};

// A report with the command, this version, the date (now) and this machine filled in.
RunReport start_report(int argc, const char* const* argv);

// ser::Error naming what does not fit: no labels, no folds, or a fold whose confusion matrix or
// per-class list does not have one entry per label.
void check_report(const RunReport& report);

// The cross-validation summary: aggregate() of the folds' scores (checks the report first).
FoldAggregate summarize(const RunReport& report);

// The calibration over the folds: mean and std of each fold's temperature and ECEs, and the
// reliabilities pooled over the folds. `measured` is false when no fold measured it.
struct CalibrationSummary {
  bool measured = false;
  MeanStd temperature;
  MeanStd ece_windows_before, ece_windows_after, ece_files_before, ece_files_after;
  Reliability windows_before, windows_after, files_before, files_after;
};
CalibrationSummary summarize_calibration(const RunReport& report);

// Scores of each corpus's test files alone, when the predictions span more than one corpus (a
// multilingual run): per corpus, aggregate() over the folds that test some of its files. Empty
// otherwise.
std::map<std::string, FoldAggregate> summarize_by_corpus(const RunReport& report);

// Scores of the women's and the men's test files apart, when the predictions hold both (speakers
// of one gender can be read with one bias: a man's neutral voice as calm, a woman's as aroused):
// per gender, aggregate() over the folds that test some of its files. Files of unknown gender are
// left out. Empty otherwise.
std::map<std::string, FoldAggregate> summarize_by_gender(const RunReport& report);

// The report.json document, its keys in the order above (checks the report first).
nlohmann::ordered_json report_json(const RunReport& report);
// report_json() as text: indented, with each array of numbers (a confusion row) on one line.
std::string report_json_text(const RunReport& report);
// The report.md text (checks the report first). Scores in percent.
std::string report_markdown(const RunReport& report);

// Leave-one-corpus-out: each held-out corpus's confusion matrix, summed over the folds that hold
// it out; empty for other runs.
std::map<std::string, Confusion> held_out_confusions(const RunReport& report);
// "confusion-<corpus>.png", with characters other than letters, digits, '-' and '_' made '_'.
std::string held_out_confusion_file(const std::string& corpus);

// Creates `dir` (and its parents) and writes the files above into it (reliability.png when the
// folds measured their calibration), replacing any of the same name. ser::Error naming the folder or file that cannot be written.
void write_report(const RunReport& report, const std::string& dir);

}  // namespace ser::train
