#include "train/report/report.h"

#include <cctype>
#include <filesystem>

#include "common/atomic_file.h"
#include "common/error.h"
#include "train/report/plots.h"

namespace ser::train {
namespace {

namespace fs = std::filesystem;

// Whole or not at all (common/atomic_file.h): a killed run never leaves a truncated report that
// looks complete.
void write_text(const fs::path& path, const std::string& text) { write_file_atomically(path.string(), text); }

const char* split_title(data::FoldScheme split) {
  switch (split) {
    case data::FoldScheme::Stratified: return "stratified";
    case data::FoldScheme::SpeakerGrouped: return "speaker-grouped";
    case data::FoldScheme::LeaveOneSpeakerOut: return "leave-one-speaker-out";
    case data::FoldScheme::LeaveOneCorpusOut: return "leave-one-corpus-out";
  }
  return "";
}

void write_plots(const RunReport& r, const FoldAggregate& a, const fs::path& dir) {
  std::vector<Scores> scores;
  std::vector<LearningCurve> curves;
  std::vector<int> best_epochs;
  for (const FoldReport& f : r.folds) {
    scores.push_back(f.scores);
    curves.push_back(f.curve);
    best_epochs.push_back(f.best_epoch);
  }
  const std::string folds = std::to_string(a.n_folds) + (a.n_folds == 1 ? " fold" : " folds");
  plot_confusion(a.pooled.confusion, r.labels, "Confusion matrix, summed over " + folds,
                 (dir / "confusion.png").string());
  plot_fold_scores(scores, "Scores per fold (" + std::string(split_title(r.protocol.split)) + ", " + folds + ")",
                   (dir / "folds.png").string());
  plot_learning_curves(curves, best_epochs, "Learning curves (" + folds + ")", (dir / "curves.png").string());
  plot_class_scores(a.per_class, r.labels, "Precision and recall per class (mean over " + folds + ")",
                    (dir / "classes.png").string());
  for (const auto& [corpus, confusion] : held_out_confusions(r)) {
    plot_confusion(confusion, r.labels, "Held-out corpus " + corpus + " (trained on the others)",
                   (dir / held_out_confusion_file(corpus)).string());
  }
  const CalibrationSummary c = summarize_calibration(r);
  if (c.measured) {
    plot_reliability(c.windows_before, c.windows_after, "Reliability of the test windows, pooled over " + folds,
                     (dir / "reliability.png").string());
  }
}

}  // namespace

RunReport start_report(int argc, const char* const* argv) {
  RunReport r;
  r.command = command_line(argc, argv);
  r.seremotion_version = seremotion_version();
  r.date = utc_now_iso8601();
  r.machine = detect_machine();
  return r;
}

void check_report(const RunReport& r) {
  if (r.labels.empty()) throw Error("the report has no labels: RunReport::labels must name the classes");
  if (r.folds.empty()) throw Error("the report has no folds: nothing was evaluated");
  const size_t n = r.labels.size();
  for (const FoldReport& f : r.folds) {
    const Scores& s = f.scores;
    if (s.confusion.rows() != n || s.confusion.cols() != n || s.per_class.size() != n) {
      throw Error("fold " + std::to_string(f.index) + " of the report has a " + std::to_string(s.confusion.rows()) +
                  " x " + std::to_string(s.confusion.cols()) + " confusion matrix and " +
                  std::to_string(s.per_class.size()) + " per-class scores, but there are " + std::to_string(n) +
                  " labels: score it with n_classes = labels.size()");
    }
  }
}

FoldAggregate summarize(const RunReport& r) {
  check_report(r);
  std::vector<Scores> scores;
  for (const FoldReport& f : r.folds) scores.push_back(f.scores);
  return aggregate(scores);
}

CalibrationSummary summarize_calibration(const RunReport& r) {
  CalibrationSummary c;
  std::vector<double> t, wb, wa, fb, fa;
  for (const FoldReport& f : r.folds) {
    const FoldCalibration& k = f.calibration;
    if (k.windows_before.count.empty()) continue;
    c.measured = true;
    t.push_back(k.fit.temperature);
    wb.push_back(k.windows_before.ece());
    wa.push_back(k.windows_after.ece());
    fb.push_back(k.files_before.ece());
    fa.push_back(k.files_after.ece());
    c.windows_before.add(k.windows_before);
    c.windows_after.add(k.windows_after);
    c.files_before.add(k.files_before);
    c.files_after.add(k.files_after);
  }
  if (!c.measured) return c;
  c.temperature = mean_std(t);
  c.ece_windows_before = mean_std(wb);
  c.ece_windows_after = mean_std(wa);
  c.ece_files_before = mean_std(fb);
  c.ece_files_after = mean_std(fa);
  return c;
}

namespace {

// The scores of each group of test files (`group_of` a prediction; "" leaves it out), per fold, then
// aggregated over the folds that test some of the group; empty unless there are two groups or more.
std::map<std::string, FoldAggregate> summarize_by(const RunReport& r,
                                                  const std::string& (*group_of)(const FilePrediction&)) {
  std::map<std::string, std::vector<Scores>> folds_of;
  for (const FoldReport& f : r.folds) {
    std::map<std::string, std::pair<std::vector<int>, std::vector<int>>> by_group;
    for (const FilePrediction& p : f.predictions) {
      const std::string& group = group_of(p);
      if (group.empty()) continue;
      by_group[group].first.push_back(p.label);
      by_group[group].second.push_back(p.predicted);
    }
    for (const auto& [group, truth_predicted] : by_group) {
      folds_of[group].push_back(
          evaluate(truth_predicted.first, truth_predicted.second, static_cast<int>(r.labels.size())));
    }
  }
  std::map<std::string, FoldAggregate> out;
  if (folds_of.size() < 2) return out;
  for (const auto& [group, scores] : folds_of) out[group] = aggregate(scores);
  return out;
}

const std::string& corpus_of(const FilePrediction& p) { return p.corpus; }
const std::string& gender_of(const FilePrediction& p) { return p.gender; }

}  // namespace

std::map<std::string, FoldAggregate> summarize_by_corpus(const RunReport& r) { return summarize_by(r, corpus_of); }

std::map<std::string, FoldAggregate> summarize_by_gender(const RunReport& r) { return summarize_by(r, gender_of); }

std::map<std::string, Confusion> held_out_confusions(const RunReport& r) {
  std::map<std::string, Confusion> out;
  for (const FoldReport& f : r.folds) {
    if (f.held_out_corpus.empty()) continue;
    auto it = out.find(f.held_out_corpus);
    if (it == out.end()) {
      out.emplace(f.held_out_corpus, f.scores.confusion);
      continue;
    }
    for (size_t t = 0; t < it->second.rows(); ++t) {
      for (size_t p = 0; p < it->second.cols(); ++p) it->second(t, p) += f.scores.confusion(t, p);
    }
  }
  return out;
}

std::string held_out_confusion_file(const std::string& corpus) {
  std::string name;
  for (char c : corpus) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return "confusion-" + name + ".png";
}

void write_report(const RunReport& r, const std::string& dir) {
  const FoldAggregate a = summarize(r);
  const fs::path root(dir);
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec || !fs::is_directory(root)) {
    throw Error("cannot create the report folder '" + dir + "': " + (ec ? ec.message() : "it is not a folder"));
  }
  write_text(root / "report.json", report_json_text(r));
  write_text(root / "report.md", report_markdown(r));
  write_plots(r, a, root);
}

}  // namespace ser::train
