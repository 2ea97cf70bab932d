// ser-train: what cv and train print when a run ends, and the warnings about files left out.
#pragma once

#include <iosfwd>

#include "train/report.h"
#include "train/training_run.h"

namespace ser::cli {

// The readers' notes and every file skipped, one line each, on `out`.
void print_data_warnings(std::ostream& out, const train::PreparedData& data);

// "cross-validation (speaker, 5 folds): accuracy 61.2% ± 3.4, UA ..., WA ..., macro F1 ...".
void print_cv_summary(std::ostream& out, const train::RunReport& report);

}  // namespace ser::cli
