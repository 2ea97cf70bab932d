#include "data/group_balance.h"

#include <tuple>

namespace ser::data {
namespace {

// Fold contents and the cost arithmetic of the header's formula.
class Balance {
 public:
  Balance(const std::vector<std::vector<int64_t>>& groups, int k)
      : k_(k), n_labels_(groups.empty() ? 0 : groups[0].size()), totals_(n_labels_ + 1, 0),
        folds_(static_cast<size_t>(k), std::vector<int64_t>(n_labels_ + 1, 0)), members_(static_cast<size_t>(k), 0) {
    // A last column holds the size, so that one loop covers both terms of the cost.
    for (const auto& g : groups) {
      groups_.push_back(g);
      groups_.back().push_back(0);
      for (size_t l = 0; l < n_labels_; ++l) groups_.back()[n_labels_] += g[l];
      for (size_t l = 0; l <= n_labels_; ++l) totals_[l] += groups_.back()[l];
    }
  }

  int64_t size(int f) const { return folds_[f][n_labels_]; }
  int64_t members(int f) const { return members_[f]; }

  // Cost of fold f if group `add` (or -1) joined it and group `remove` (or -1) left it.
  int64_t fold_cost(int f, int add, int remove) const {
    int64_t cost = 0;
    for (size_t l = 0; l <= n_labels_; ++l) {
      const int64_t n = folds_[f][l] + count(add, l) - count(remove, l);
      const int64_t d = k_ * n - totals_[l];
      cost += d * d;
    }
    return cost;
  }

  void add(int f, int g) { update(f, g, +1); }
  void remove(int f, int g) { update(f, g, -1); }

 private:
  int64_t count(int g, size_t l) const { return g < 0 ? 0 : groups_[static_cast<size_t>(g)][l]; }
  void update(int f, int g, int sign) {
    for (size_t l = 0; l <= n_labels_; ++l) folds_[f][l] += sign * count(g, l);
    members_[f] += sign;
  }

  std::vector<std::vector<int64_t>> groups_;  // per group: per label, then size
  int64_t k_;
  size_t n_labels_;
  std::vector<int64_t> totals_;              // per label, then all
  std::vector<std::vector<int64_t>> folds_;  // per fold: per label, then size
  std::vector<int64_t> members_;             // groups per fold
};

void place_greedily(Balance& b, const std::vector<size_t>& order, int k, std::vector<int>& fold_of) {
  for (size_t gi : order) {
    const int g = static_cast<int>(gi);
    int best = 0;
    std::tuple<int64_t, int64_t> best_key{0, 0};
    for (int f = 0; f < k; ++f) {
      const std::tuple<int64_t, int64_t> key{b.fold_cost(f, g, -1) - b.fold_cost(f, -1, -1), b.size(f)};
      if (f == 0 || key < best_key) {
        best = f;
        best_key = key;
      }
    }
    b.add(best, g);
    fold_of[gi] = best;
  }
}

// One pass of single-group moves; true when something moved.
bool improve_by_moves(Balance& b, const std::vector<size_t>& order, int k, std::vector<int>& fold_of) {
  bool improved = false;
  for (size_t gi : order) {
    const int g = static_cast<int>(gi), from = fold_of[gi];
    if (b.members(from) < 2) continue;  // a fold never empties
    const int64_t leave = b.fold_cost(from, -1, g) - b.fold_cost(from, -1, -1);
    int best = -1;
    int64_t best_delta = 0;
    for (int to = 0; to < k; ++to) {
      if (to == from) continue;
      const int64_t delta = leave + b.fold_cost(to, g, -1) - b.fold_cost(to, -1, -1);
      if (delta < best_delta) {
        best = to;
        best_delta = delta;
      }
    }
    if (best >= 0) {
      b.remove(from, g);
      b.add(best, g);
      fold_of[gi] = best;
      improved = true;
    }
  }
  return improved;
}

// One pass of pairwise swaps; true when something was swapped.
bool improve_by_swaps(Balance& b, const std::vector<size_t>& order, std::vector<int>& fold_of) {
  bool improved = false;
  for (size_t i = 0; i < order.size(); ++i) {
    for (size_t j = i + 1; j < order.size(); ++j) {
      const int g = static_cast<int>(order[i]), h = static_cast<int>(order[j]);
      const int fg = fold_of[order[i]], fh = fold_of[order[j]];
      if (fg == fh) continue;
      const int64_t delta = b.fold_cost(fg, h, g) - b.fold_cost(fg, -1, -1) + b.fold_cost(fh, g, h) -
                            b.fold_cost(fh, -1, -1);
      if (delta >= 0) continue;
      b.remove(fg, g);
      b.remove(fh, h);
      b.add(fg, h);
      b.add(fh, g);
      fold_of[order[i]] = fh;
      fold_of[order[j]] = fg;
      improved = true;
    }
  }
  return improved;
}

}  // namespace

std::vector<int> balance_groups(const std::vector<std::vector<int64_t>>& group_counts, int k,
                                const std::vector<size_t>& order) {
  std::vector<int> fold_of(group_counts.size(), 0);
  Balance b(group_counts, k);
  place_greedily(b, order, k, fold_of);
  // The cost is a non-negative integer that every step lowers, so this ends; the cap only bounds
  // the time spent on large inputs.
  for (int pass = 0; pass < 100; ++pass) {
    bool improved = improve_by_moves(b, order, k, fold_of);
    if (order.size() <= kMaxSwapGroups) improved = improve_by_swaps(b, order, fold_of) || improved;
    if (!improved) break;
  }
  return fold_of;
}

}  // namespace ser::data
