// report_markdown(): report.md, the summary of a run for people (GitHub-flavoured Markdown).
#include <cmath>
#include <cstdio>
#include <sstream>

#include "common/path_text.h"
#include "train/report/report.h"

namespace ser::train {
namespace {

constexpr size_t kSkippedShown = 20;       // skipped files listed; all are in report.json
constexpr size_t kTestSpeakersShown = 6;   // a longer list is cut (stratified folds hear everyone)

std::string format(const char* fmt, double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string percent(double fraction) { return format("%.1f", 100.0 * fraction); }
std::string percent(const MeanStd& v) { return percent(v.mean) + " ± " + percent(v.std); }

// Text safe in a table cell: '|' would end the cell and a newline the row.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') {
      out += "\\|";
    } else {
      out += (ch == '\n' || ch == '\r') ? ' ' : ch;
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& items, size_t at_most) {
  std::string out;
  const size_t shown = items.size() <= at_most ? items.size() : at_most - 2;
  for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + items[i];
  if (shown < items.size()) out += ", … (" + std::to_string(items.size()) + " in all)";
  return out;
}

std::string split_description(const Protocol& p) {
  switch (p.split) {
    case data::FoldScheme::Stratified:
      return "stratified " + std::to_string(p.folds) + "-fold (speakers heard in training and test: speaker-dependent)";
    case data::FoldScheme::SpeakerGrouped:
      return "speaker-grouped " + std::to_string(p.folds) + "-fold (speaker-independent)";
    case data::FoldScheme::LeaveOneSpeakerOut:
      return "leave-one-speaker-out, " + std::to_string(p.folds) + " folds (speaker-independent)";
    case data::FoldScheme::LeaveOneCorpusOut:
      return "leave-one-corpus-out, " + std::to_string(p.folds) +
             " folds (cross-corpus: each corpus tested by a model trained on the others, probabilities folded "
             "onto its classes, calm onto neutral)";
  }
  return "";
}

void write_overview(std::ostream& md, const RunReport& r) {
  md << "# seremotion training report\n\n"
     << "| | |\n|---|---|\n"
     << "| date (UTC) | " << cell(r.date) << " |\n"
     << "| seremotion | " << cell(r.seremotion_version) << " |\n"
     << "| libtorch | " << cell(r.libtorch_version) << " |\n"
     << "| machine | " << r.machine.cores << " cores, " << cell(r.machine.cpu_model) << " |\n"
     << "| wall time | feature extraction " << format("%.1f", r.wall_time.feature_extraction_s)
     << " s, training " << format("%.1f", r.wall_time.training_s) << " s |\n"
     << "| feature cache | " << r.cache.hits << " hits, " << r.cache.misses << " misses |\n\n"
     << "## Command\n\n```sh\n" << r.command << "\n```\n\n";
}

void write_data(std::ostream& md, const RunReport& r) {
  md << "## Data\n\n| corpus | path | files | licence |\n|---|---|---:|---|\n";
  for (const CorpusInfo& c : r.corpora) {
    md << "| " << cell(c.name) << " | `" << cell(path_text(c.path)) << "` | " << c.files << " | " << cell(c.licence) << " |\n";
  }
  md << "\nLabels (" << r.labels.size() << ", in class order): " << joined(r.labels, r.labels.size()) << ".\n\n"
     << "Skipped files: " << r.skipped.size() << (r.skipped.empty() ? ".\n\n" : "\n\n");
  for (size_t i = 0; i < r.skipped.size() && i < kSkippedShown; ++i) {
    md << "- `" << path_text(r.skipped[i].path) << "`: " << path_text(r.skipped[i].reason) << "\n";
  }
  if (r.skipped.size() > kSkippedShown) {
    md << "- … and " << r.skipped.size() - kSkippedShown << " more, all listed in report.json\n";
  }
  if (!r.skipped.empty()) md << "\n";
}

// One line of JSON; bytes that are not UTF-8 are replaced rather than failing the report.
std::string compact(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_protocol(std::ostream& md, const Protocol& p) {
  md << "## Protocol\n\n| | |\n|---|---|\n"
     << "| split | " << split_description(p) << " |\n"
     << "| seed | " << p.seed << (p.fold_seed ? " (folds: " + std::to_string(*p.fold_seed) + ")" : "") << " |\n"
     << "| model | " << cell(p.model) << " |\n"
     << "| epochs | at most " << p.epochs << " per fold |\n\n"
     << "```json\n{\n"
     << "  \"hyper_parameters\": " << compact(p.hyper_parameters) << ",\n"
     << "  \"feature_spec\": " << compact(p.feature_spec) << ",\n"
     << "  \"augmentation\": " << compact(p.augmentation) << "\n}\n```\n\n";
}

void write_folds(std::ostream& md, const RunReport& r, const FoldAggregate& a) {
  md << "## Scores per fold\n\n"
     << "In percent; the last row is the mean ± the sample standard deviation over the folds (ddof = 1). "
     << "UA: unweighted accuracy (mean recall over classes); WA: weighted accuracy (= accuracy).\n\n"
     << "| fold | test speakers | train | validation | test | best epoch | accuracy | UA | WA | macro F1 |\n"
     << "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const FoldReport& f : r.folds) {
    const std::string held_out = f.held_out_corpus.empty()
                                     ? joined(f.test_speakers, kTestSpeakersShown)
                                     : "corpus " + f.held_out_corpus +
                                           (f.n_unscored ? " (" + std::to_string(f.n_unscored) +
                                                               " files of classes never trained on not scored)"
                                                         : std::string());
    md << "| " << f.index << " | " << cell(held_out) << " | " << f.n_train
       << " | " << f.n_validation << " | " << f.n_test << " | " << f.best_epoch << " | "
       << percent(f.scores.accuracy) << " | " << percent(f.scores.ua) << " | " << percent(f.scores.wa) << " | "
       << percent(f.scores.macro_f1) << " |\n";
  }
  md << "| **mean ± std** | | | | | | **" << percent(a.accuracy) << "** | **" << percent(a.ua) << "** | **"
     << percent(a.wa) << "** | **" << percent(a.macro_f1) << "** |\n\n"
     << "![accuracy, UA and macro F1 per fold](folds.png)\n\n";
}

// One row per group of test files scored alone (corpora, genders).
void write_groups(std::ostream& md, const std::map<std::string, FoldAggregate>& groups, const std::string& title,
                  const std::string& what, const std::string& column) {
  if (groups.empty()) return;
  md << "## " << title << "\n\n"
     << what << " scored alone: mean ± std over the folds that test some of its files, and "
     << "pooled over all of them. In percent.\n\n"
     << "| " << column << " | folds | files | accuracy | UA | macro F1 | pooled accuracy | pooled UA |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [group, a] : groups) {
    md << "| " << cell(group) << " | " << a.n_folds << " | " << a.pooled.n_items << " | " << percent(a.accuracy)
       << " | " << percent(a.ua) << " | " << percent(a.macro_f1) << " | " << percent(a.pooled.accuracy) << " | "
       << percent(a.pooled.ua) << " |\n";
  }
  md << "\n";
}

// Each corpus's test files scored alone, for runs over several corpora; and the women's and the
// men's, when the readers know both.
void write_subsets(std::ostream& md, const RunReport& r) {
  write_groups(md, summarize_by_corpus(r), "Scores per corpus", "Each corpus's test files", "corpus");
  write_groups(md, summarize_by_gender(r), "Scores per gender",
               "The women's and the men's test files (as the corpus readers know the speakers)", "gender");
}

void write_classes(std::ostream& md, const RunReport& r, const FoldAggregate& a) {
  md << "## Per class\n\n"
     << "Precision, recall and F1 in percent, of all test predictions pooled (the summed confusion matrix). "
     << "F1 over folds: mean ± std over the folds in which the class occurs.\n\n"
     << "| label | precision | recall | F1 | F1 over folds | support |\n|---|---:|---:|---:|---:|---:|\n";
  for (size_t k = 0; k < r.labels.size(); ++k) {
    const ClassScores& c = a.pooled.per_class[k];
    const ClassMeanStd& m = a.per_class[k];
    md << "| " << cell(r.labels[k]) << " | " << percent(c.precision) << " | " << percent(c.recall) << " | "
       << percent(c.f1) << " | " << (m.n_folds > 0 ? percent(m.f1) : "n/a") << " | " << c.support << " |\n";
  }
  md << "\n![precision and recall per class, mean and std over folds](classes.png)\n\n";
}

void write_confusion(std::ostream& md, const RunReport& r, const FoldAggregate& a) {
  const Confusion& c = a.pooled.confusion;
  md << "## Confusion matrix\n\nSummed over the " << a.n_folds
     << " folds; rows: true class, columns: predicted class.\n\n| true \\ predicted |";
  for (const std::string& label : r.labels) md << " " << cell(label) << " |";
  md << "\n|---|";
  for (size_t k = 0; k < r.labels.size(); ++k) md << "---:|";
  md << "\n";
  for (size_t t = 0; t < c.rows(); ++t) {
    md << "| **" << cell(r.labels[t]) << "** |";
    for (size_t p = 0; p < c.cols(); ++p) md << " " << c(t, p) << " |";
    md << "\n";
  }
  md << "\n![confusion matrix](confusion.png)\n\n";
  const auto held_out = held_out_confusions(r);
  if (!held_out.empty()) {
    md << "## Confusion matrix per held-out corpus\n\nEach corpus tested by the model trained on the others.\n\n";
    for (const auto& [corpus, confusion] : held_out) {
      md << "![" << corpus << " held out](" << held_out_confusion_file(corpus) << ")\n\n";
    }
  }
  md << "## Learning curves\n\n![learning curves](curves.png)\n";
}

void write_calibration(std::ostream& md, const RunReport& r) {
  const CalibrationSummary c = summarize_calibration(r);
  if (!c.measured) return;
  md << "\n## Calibration\n\nTemperature scaling, fitted on each fold's validation part (never its test "
     << "part): probabilities softmax(logits / T). Expected calibration error (ECE, " << kCalibrationBins
     << " bins, lower is better) of the test windows and files, mean ± std over the folds:\n\n"
     << "| | before | after |\n|---|---:|---:|\n"
     << "| ECE, windows | " << format("%.3f", c.ece_windows_before.mean) << " ± "
     << format("%.3f", c.ece_windows_before.std) << " | " << format("%.3f", c.ece_windows_after.mean) << " ± "
     << format("%.3f", c.ece_windows_after.std) << " |\n"
     << "| ECE, files | " << format("%.3f", c.ece_files_before.mean) << " ± "
     << format("%.3f", c.ece_files_before.std) << " | " << format("%.3f", c.ece_files_after.mean) << " ± "
     << format("%.3f", c.ece_files_after.std) << " |\n\nTemperature per fold:";
  for (const FoldReport& f : r.folds) md << " " << format("%.3f", f.calibration.fit.temperature);
  md << " (mean " << format("%.3f", c.temperature.mean) << ").\n\n![reliability before and after calibration]"
     << "(reliability.png)\n";
}

}  // namespace

std::string report_markdown(const RunReport& r) {
  const FoldAggregate a = summarize(r);
  std::ostringstream md;
  write_overview(md, r);
  write_data(md, r);
  write_protocol(md, r.protocol);
  write_folds(md, r, a);
  write_subsets(md, r);
  write_classes(md, r, a);
  write_confusion(md, r, a);
  write_calibration(md, r);
  return md.str();
}

}  // namespace ser::train
