// seremotion: dealing groups (speakers) to k folds so that fold sizes and label counts balance.
//
// The engine of speaker_grouped_k_fold (folds.h). A group is its count of files per label. The
// cost of an assignment is
//   cost = sum_folds [ sum_labels (k n_fl - N_l)^2 + (k n_f - N)^2 ]
// (n_fl: files of label l in fold f, N_l: of label l in all; n_f and N: files of any label), zero
// when every fold holds exactly 1/k of every label. Groups are first placed greedily, in the order
// given, each where it raises the cost least (ties: the smaller fold, then the lower index); then
// moves of one group and swaps of two groups between folds are applied while they lower the cost
// (swaps only when there are at most kMaxSwapGroups groups, as they cost groups^2 per pass).
// All in 64-bit integers: exact, so the same on every platform (no overflow below about
// 10^8 files).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ser::data {

constexpr size_t kMaxSwapGroups = 1000;

// group_counts[g][l]: files of label l in group g (every row as long as the number of labels).
// order: the order in which groups are placed (a shuffled 0..G-1). Needs G >= k >= 1.
// Returns the fold of each group, every fold non-empty.
std::vector<int> balance_groups(const std::vector<std::vector<int64_t>>& group_counts, int k,
                                const std::vector<size_t>& order);

}  // namespace ser::data
