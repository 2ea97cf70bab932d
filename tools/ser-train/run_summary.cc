#include "run_summary.h"

#include <cstdio>
#include <iostream>
#include <ostream>
#include <string>

#include "train/report/metrics.h"

namespace ser::cli {
namespace {

std::string percent(const train::MeanStd& m) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%% ± %.1f", 100.0 * m.mean, 100.0 * m.std);
  return buf;
}

}  // namespace

void print_data_warnings(std::ostream& out, const train::PreparedData& data) {
  for (const auto& note : data.dataset.notes) out << "ser-train: warning: " << note << "\n";
  for (const auto& s : data.dataset.skipped) out << "ser-train: warning: skipped " << s.path << ": " << s.reason << "\n";
  if (!data.dataset.skipped.empty()) {
    out << "ser-train: " << data.dataset.skipped.size() << " file" << (data.dataset.skipped.size() == 1 ? "" : "s")
        << " skipped, " << data.dataset.utterances.size() << " used\n";
  }
}

void write_cv_report(const train::RunReport& report, const std::string& dir) {
  train::write_report(report, dir);
  const train::FoldAggregate a = train::summarize(report);
  std::ostream& out = std::cout;
  out << "cross-validation (" << data::fold_scheme_name(report.protocol.split) << ", " << a.n_folds << " folds, "
      << report.labels.size() << " classes): accuracy " << percent(a.accuracy) << ", UA " << percent(a.ua) << ", WA "
      << percent(a.wa) << ", macro F1 " << percent(a.macro_f1) << "\n";
  out << "report: " << dir << "/report.md\n";
}

}  // namespace ser::cli
