// ser-train: what cv and train print when a run ends, and the warnings about files left out.
#pragma once

#include <iosfwd>
#include <string>

#include "train/report/report.h"
#include "train/runs/training_run.h"

namespace ser::cli {

// The readers' notes and every file skipped, one line each, on `out`.
void print_data_warnings(std::ostream& out, const train::PreparedData& data);

// Writes the report folder, then prints on stdout "cross-validation (speaker, 5 folds, 8
// classes): accuracy 61.2% ± 3.4, UA ..., WA ..., macro F1 ..." and where the report is.
void write_cv_report(const train::RunReport& report, const std::string& dir);

}  // namespace ser::cli
