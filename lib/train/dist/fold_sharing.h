// seremotion: cross-validation's folds shared out over the ranks of a distributed job.
//
// K folds over N ranks: when K >= N, fold k is trained by rank k mod N alone, exactly as one
// process trains it (same data, same seed; with the same threads per process, the same numbers).
// When K < N, the ranks form K teams (rank r in team r mod K) and team k trains fold k data
// parallel (trainer.h; its numbers are then close to, not identical with, one process's). Every
// fold's report and its share of the time and cache counts then go to every rank.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "train/dist/job.h"
#include "train/report/report.h"
#include "train/runs/training_run.h"

namespace ser::train::dist {

// Trains and scores fold k (0-based) with the ranks of `team` (a team of one: this rank alone),
// adding its time and cache counts to `totals`.
using FoldRun = std::function<FoldReport(size_t k, Group& team, RunTotals& totals)>;

// The reports of folds 0..n_folds-1, in order, on every rank; `totals` gains every fold's share
// (as one process would count it: each fold once).
std::vector<FoldReport> share_folds(Job& job, size_t n_folds, const FoldRun& run, RunTotals& totals);

}  // namespace ser::train::dist
