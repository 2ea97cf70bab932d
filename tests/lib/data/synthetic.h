// Tests of lib/data: made-up utterance lists for folds and validation splits.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "data/folds.h"
#include "data/utterance.h"

namespace ser::data::test {

// `per_label[label]` files of every label for each of `n_speakers` speakers "s00", "s01", ...,
// interleaved (speaker, label, copy) so that no order is sorted by accident.
inline std::vector<Utterance> make_utterances(int n_speakers, const std::map<std::string, int>& per_label) {
  std::vector<Utterance> out;
  for (int copy = 0;; ++copy) {
    bool any = false;
    for (int s = 0; s < n_speakers; ++s) {
      for (const auto& [label, n] : per_label) {
        if (copy >= n) continue;
        any = true;
        Utterance u;
        u.speaker = std::string("s") + (s < 10 ? "0" : "") + std::to_string(s);
        u.label = label;
        u.path = u.speaker + "_" + label + "_" + std::to_string(copy) + ".wav";
        out.push_back(u);
      }
    }
    if (!any) return out;
  }
}

inline Utterance utterance(const std::string& speaker, const std::string& label) {
  Utterance u;
  u.speaker = speaker;
  u.label = label;
  u.path = speaker + "_" + label + ".wav";
  return u;
}

inline std::set<std::string> speakers_of(const std::vector<Utterance>& u, const std::vector<size_t>& indices) {
  std::set<std::string> s;
  for (size_t i : indices) s.insert(u[i].speaker);
  return s;
}

inline std::map<std::string, int> label_counts(const std::vector<Utterance>& u, const std::vector<size_t>& indices) {
  std::map<std::string, int> c;
  for (size_t i : indices) ++c[u[i].label];
  return c;
}

// Every index in exactly one test fold; train the complement of test; both ascending.
inline void expect_partition(const std::vector<Utterance>& u, const std::vector<Fold>& folds) {
  std::vector<int> tested(u.size(), 0);
  for (const Fold& f : folds) {
    EXPECT_FALSE(f.test.empty());
    EXPECT_TRUE(std::is_sorted(f.test.begin(), f.test.end()));
    EXPECT_TRUE(std::is_sorted(f.train.begin(), f.train.end()));
    EXPECT_EQ(f.train.size() + f.test.size(), u.size());
    std::vector<bool> in_test(u.size(), false);
    for (size_t i : f.test) {
      ++tested[i];
      in_test[i] = true;
    }
    for (size_t i : f.train) EXPECT_FALSE(in_test[i]) << "index " << i << " in train and test";
  }
  for (size_t i = 0; i < u.size(); ++i) EXPECT_EQ(tested[i], 1) << "index " << i;
}

}  // namespace ser::data::test
