#include "data/label_map.h"

#include <algorithm>

#include "common/error.h"
#include "data/label_vocabulary.h"
#include "data/text.h"

namespace ser::data {
namespace {

std::string canonical_or_throw(const std::string& name, const std::string& option) {
  const auto label = canonical_label(name);
  if (!label) {
    throw ParameterError("unknown label '" + trim(name) + "' in " + option + " (known labels: " +
                         vocabulary_list() + ")");
  }
  return *label;
}

std::vector<std::string> list_items(const std::string& spec) {
  std::vector<std::string> items;
  for (const std::string& item : split(spec, ',')) {
    const std::string t = trim(item);
    if (!t.empty()) items.push_back(t);
  }
  return items;
}

std::string joined(const std::set<std::string>& labels) {
  return join(std::vector<std::string>(labels.begin(), labels.end()), ",");
}

}  // namespace

void LabelMap::merge(const std::string& from, const std::string& into) {
  const std::string option = "--merge " + trim(from) + "=" + trim(into);
  const std::string a = canonical_or_throw(from, option);
  const std::string b = canonical_or_throw(into, option);
  if (a == b) throw ParameterError(option + " merges a label into itself");
  const auto it = merges_.find(a);
  if (it != merges_.end() && it->second != b) {
    throw ParameterError(option + " contradicts --merge " + a + "=" + it->second +
                         ": a label can be merged into one label only");
  }
  merges_[a] = b;
}

void LabelMap::drop(const std::string& label) { drops_.insert(canonical_or_throw(label, "--drop")); }

void LabelMap::keep_only(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) keeps_.insert(canonical_or_throw(label, "--keep"));
}

void LabelMap::add_merges(const std::string& spec) {
  for (const std::string& item : list_items(spec)) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || item.find('=', eq + 1) != std::string::npos) {
      throw ParameterError("--merge '" + item + "' must be FROM=INTO, e.g. calm=neutral");
    }
    merge(item.substr(0, eq), item.substr(eq + 1));
  }
}

void LabelMap::add_drops(const std::string& spec) {
  for (const std::string& item : list_items(spec)) drop(item);
}

void LabelMap::add_keeps(const std::string& spec) { keep_only(list_items(spec)); }

std::string LabelMap::resolve(const std::string& label) const {
  std::string current = label;
  // A chain longer than the number of merges can only be a cycle.
  for (size_t steps = 0; steps <= merges_.size(); ++steps) {
    const auto it = merges_.find(current);
    if (it == merges_.end()) return current;
    current = it->second;
  }
  throw ParameterError("--merge rules form a cycle through '" + label + "' (" + describe() + ")");
}

void LabelMap::validate() const {
  for (const auto& entry : merges_) resolve(entry.first);
  auto check_not_merged = [&](const std::set<std::string>& labels, const char* option) {
    for (const std::string& label : labels) {
      if (merges_.count(label)) {
        throw ParameterError(std::string("cannot ") + option + " '" + label + "': --merge " + label + "=" +
                             merges_.at(label) + " turns it into '" + resolve(label) + "'; " + option +
                             " '" + resolve(label) + "' instead");
      }
    }
  };
  check_not_merged(drops_, "drop");
  check_not_merged(keeps_, "keep");
  if (!keeps_.empty() &&
      std::all_of(keeps_.begin(), keeps_.end(), [&](const std::string& l) { return drops_.count(l) > 0; })) {
    throw ParameterError("--keep " + joined(keeps_) + " and --drop " + joined(drops_) + " leave no label");
  }
}

std::optional<std::string> LabelMap::map(const std::string& label) const {
  const std::string out = resolve(label);
  if (drops_.count(out) || (!keeps_.empty() && !keeps_.count(out))) return std::nullopt;
  return out;
}

size_t LabelMap::apply(std::vector<Utterance>& utterances) const {
  validate();
  const size_t before = utterances.size();
  size_t kept = 0;
  for (size_t i = 0; i < utterances.size(); ++i) {
    auto label = map(utterances[i].label);
    if (!label) continue;
    if (kept != i) utterances[kept] = std::move(utterances[i]);
    utterances[kept].label = std::move(*label);
    ++kept;
  }
  utterances.resize(kept);
  return before - kept;
}

std::string LabelMap::describe() const {
  std::vector<std::string> parts;
  if (!merges_.empty()) {
    std::vector<std::string> rules;
    for (const auto& [from, into] : merges_) rules.push_back(from + "=" + into);
    parts.push_back("merge " + join(rules, ","));
  }
  if (!drops_.empty()) parts.push_back("drop " + joined(drops_));
  if (!keeps_.empty()) parts.push_back("keep " + joined(keeps_));
  return join(parts, "; ");
}

}  // namespace ser::data
