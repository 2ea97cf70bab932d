// seremotion: LabelMap, the merges, drops and keeps that turn corpus labels into a model's classes.
//
// Applied to canonical labels (label_vocabulary.h), in this order:
//   merge  "calm=neutral"    files labelled calm are labelled neutral. Chains resolve
//                            (a=b and b=c take a to c); a cycle is an error.
//   drop   "boredom"         files whose label, after merging, is boredom are removed.
//   keep   "neutral,happy"   only files whose label, after merging, is listed remain.
// Drop and keep name labels as they are after merging, so naming a label that a merge turns into
// another is an error (drop or keep the label it is merged into). Names are case-insensitive and
// may be synonyms ("anger" for angry). The classes of a model are label_order() of the mapped
// utterances: the vocabulary order of the labels that remain.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "data/utterance.h"

namespace ser::data {

class LabelMap {
 public:
  // Each throws ParameterError naming the label and the option when a label is not in the
  // vocabulary or contradicts an earlier rule.
  void merge(const std::string& from, const std::string& into);
  void drop(const std::string& label);
  void keep_only(const std::vector<std::string>& labels);

  // The command-line forms, each a comma-separated list: "calm=neutral,excited=happy" for
  // --merge, "boredom,other" for --drop, "neutral,happy,sad,angry" for --keep.
  void add_merges(const std::string& spec);
  void add_drops(const std::string& spec);
  void add_keeps(const std::string& spec);

  bool empty() const { return merges_.empty() && drops_.empty() && keeps_.empty(); }

  // Checks the rules together (cycles; drop or keep of a merged-away label); ParameterError.
  void validate() const;
  // The label a file labelled `label` ends with, or nullopt when it is removed.
  std::optional<std::string> map(const std::string& label) const;
  // Relabels in place and removes the files that are dropped or not kept, keeping the order of
  // the rest. Returns how many were removed. Validates first.
  size_t apply(std::vector<Utterance>& utterances) const;
  // "merge calm=neutral; drop boredom; keep angry,happy" (empty when there is no rule), for reports.
  std::string describe() const;

 private:
  std::string resolve(const std::string& label) const;

  std::map<std::string, std::string> merges_;  // from -> into, canonical labels
  std::set<std::string> drops_;
  std::set<std::string> keeps_;                // empty: keep every label
};

}  // namespace ser::data
