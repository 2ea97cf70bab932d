#include "train/dist/fold_sharing.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "train/dist/fold_codec.h"
#include "train/dist/group_impl.h"

namespace ser::train::dist {
namespace {

// The time and cache counts of a rank's folds, as bytes (doubles and counts, native order: the
// ranks of a job run the same build).
struct TotalsShare {
  double feature_extraction_s = 0, training_s = 0;
  uint64_t hits = 0, misses = 0;
};

RunTotals minus(const RunTotals& after, const RunTotals& before) {
  RunTotals d;
  d.wall_time.feature_extraction_s = after.wall_time.feature_extraction_s - before.wall_time.feature_extraction_s;
  d.wall_time.training_s = after.wall_time.training_s - before.wall_time.training_s;
  d.cache.hits = after.cache.hits - before.cache.hits;
  d.cache.misses = after.cache.misses - before.cache.misses;
  return d;
}

}  // namespace

std::vector<FoldReport> share_folds(Job& job, size_t n_folds, const FoldRun& run, RunTotals& totals) {
  const auto n_ranks = static_cast<size_t>(job.size());
  const auto rank = static_cast<size_t>(job.rank());
  std::vector<FoldReport> mine;
  const RunTotals before = totals;
  RunTotals own = totals;
  if (n_folds >= n_ranks) {
    Group alone(std::make_unique<Group::Impl>());
    for (size_t k = rank; k < n_folds; k += n_ranks) mine.push_back(run(k, alone, own));
  } else {
    std::unique_ptr<Group> team = job.split(static_cast<int>(n_folds));
    const size_t k = rank % n_folds;
    FoldReport report = run(k, *team, own);
    // One member reports the team's fold: the lowest rank, whose place in the team is 0.
    if (team->is_root()) mine.push_back(std::move(report));
    else own = before;
  }
  const RunTotals delta = minus(own, before);
  const TotalsShare share{delta.wall_time.feature_extraction_s, delta.wall_time.training_s, delta.cache.hits,
                          delta.cache.misses};
  std::string packed(reinterpret_cast<const char*>(&share), sizeof share);
  packed += encode_folds(mine);
  const std::vector<std::string> parts = job.world().all_gather(packed, "fold results");

  std::vector<FoldReport> all;
  for (const std::string& part : parts) {
    if (part.size() < sizeof(TotalsShare)) throw Error("distributed job: a rank sent truncated fold results");
    TotalsShare s;
    std::memcpy(&s, part.data(), sizeof s);
    totals.wall_time.feature_extraction_s += s.feature_extraction_s;
    totals.wall_time.training_s += s.training_s;
    totals.cache.hits += s.hits;
    totals.cache.misses += s.misses;
    for (FoldReport& f : decode_folds(part.substr(sizeof s))) all.push_back(std::move(f));
  }
  std::sort(all.begin(), all.end(), [](const FoldReport& a, const FoldReport& b) { return a.index < b.index; });
  if (all.size() != n_folds) {
    throw Error("distributed job: " + std::to_string(all.size()) + " fold results came back for " +
                std::to_string(n_folds) + " folds");
  }
  return all;
}

}  // namespace ser::train::dist
