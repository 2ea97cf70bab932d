#include "data/folds.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/error.h"
#include "data/group_balance.h"
#include "data/rng.h"
#include "data/text.h"

namespace ser::data {
namespace {

void require_utterances(const std::vector<Utterance>& utterances) {
  if (utterances.empty()) throw ParameterError("there are no utterances to split into folds");
}

void require_splits(int n_splits) {
  if (n_splits < 2) throw ParameterError("n_splits must be >= 2 (got " + std::to_string(n_splits) + ")");
}

// label -> indices, and speaker -> indices, each ascending; maps keep keys sorted.
std::map<std::string, std::vector<size_t>> by_label(const std::vector<Utterance>& utterances) {
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < utterances.size(); ++i) groups[utterances[i].label].push_back(i);
  return groups;
}
std::map<std::string, std::vector<size_t>> by_speaker(const std::vector<Utterance>& utterances) {
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < utterances.size(); ++i) groups[utterances[i].speaker].push_back(i);
  return groups;
}

// Folds from the test fold of every index.
std::vector<Fold> folds_from(const std::vector<Utterance>& utterances, const std::vector<int>& fold_of, int k) {
  std::vector<Fold> folds(static_cast<size_t>(k));
  std::vector<std::set<std::string>> speakers(static_cast<size_t>(k));
  for (size_t i = 0; i < fold_of.size(); ++i) {
    for (int f = 0; f < k; ++f) (f == fold_of[i] ? folds[f].test : folds[f].train).push_back(i);
    speakers[fold_of[i]].insert(utterances[i].speaker);
  }
  for (int f = 0; f < k; ++f) folds[f].test_speakers.assign(speakers[f].begin(), speakers[f].end());
  return folds;
}

std::string speaker_list(const std::map<std::string, std::vector<size_t>>& speakers) {
  std::vector<std::string> names;
  for (const auto& entry : speakers) names.push_back(entry.first);
  return join(names, ", ");
}

}  // namespace

const char* fold_scheme_name(FoldScheme scheme) {
  switch (scheme) {
    case FoldScheme::Stratified: return "stratified";
    case FoldScheme::SpeakerGrouped: return "speaker";
    case FoldScheme::LeaveOneSpeakerOut: return "loso";
    case FoldScheme::LeaveOneCorpusOut: return "corpus";
  }
  return "stratified";
}

FoldScheme parse_fold_scheme(const std::string& name) {
  const std::string key = to_lower(trim(name));
  if (key == "stratified") return FoldScheme::Stratified;
  if (key == "speaker" || key == "grouped" || key == "speaker-grouped") return FoldScheme::SpeakerGrouped;
  if (key == "loso" || key == "leave-one-speaker-out") return FoldScheme::LeaveOneSpeakerOut;
  if (key == "corpus" || key == "loco" || key == "leave-one-corpus-out") return FoldScheme::LeaveOneCorpusOut;
  throw ParameterError("unknown fold scheme '" + name +
                       "' (known: stratified, speaker (or grouped, speaker-grouped), loso (or leave-one-speaker-out), "
                       "corpus (or loco, leave-one-corpus-out))");
}

bool is_speaker_independent(FoldScheme scheme) { return scheme != FoldScheme::Stratified; }

bool has_natural_folds(FoldScheme scheme) {
  return scheme == FoldScheme::LeaveOneSpeakerOut || scheme == FoldScheme::LeaveOneCorpusOut;
}

void FoldParams::validate() const {
  if (!has_natural_folds(scheme)) require_splits(n_splits);
}

std::vector<Fold> make_folds(const std::vector<Utterance>& utterances, const FoldParams& params) {
  params.validate();
  switch (params.scheme) {
    case FoldScheme::Stratified: return stratified_k_fold(utterances, params.n_splits, params.seed);
    case FoldScheme::SpeakerGrouped: return speaker_grouped_k_fold(utterances, params.n_splits, params.seed);
    case FoldScheme::LeaveOneSpeakerOut: return leave_one_speaker_out(utterances);
    case FoldScheme::LeaveOneCorpusOut: return leave_one_corpus_out(utterances);
  }
  return {};
}

std::vector<Fold> stratified_k_fold(const std::vector<Utterance>& utterances, int n_splits, uint64_t seed) {
  require_splits(n_splits);
  require_utterances(utterances);
  auto labels = by_label(utterances);
  const auto smallest = std::min_element(labels.begin(), labels.end(),
                                         [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  if (smallest->second.size() < static_cast<size_t>(n_splits)) {
    throw ParameterError("stratified " + std::to_string(n_splits) + "-fold needs at least " +
                         std::to_string(n_splits) + " files of every label, but label '" + smallest->first +
                         "' has " + std::to_string(smallest->second.size()) +
                         ": use fewer folds (n_splits) or drop that label");
  }
  Rng rng(seed);
  std::vector<int> fold_of(utterances.size(), 0);
  size_t deal = 0;  // continues from label to label, so fold sizes differ by at most one
  for (auto& [label, members] : labels) {
    rng.shuffle(members);
    for (size_t i : members) fold_of[i] = static_cast<int>(deal++ % static_cast<size_t>(n_splits));
  }
  return folds_from(utterances, fold_of, n_splits);
}

std::vector<Fold> speaker_grouped_k_fold(const std::vector<Utterance>& utterances, int n_splits, uint64_t seed) {
  require_splits(n_splits);
  require_utterances(utterances);
  const auto speakers = by_speaker(utterances);
  if (speakers.size() < static_cast<size_t>(n_splits)) {
    throw ParameterError("speaker-grouped " + std::to_string(n_splits) + "-fold needs at least " +
                         std::to_string(n_splits) + " speakers, but the data has " +
                         std::to_string(speakers.size()) + " (" + speaker_list(speakers) +
                         "): use fewer folds (n_splits), leave-one-speaker-out, or more corpora");
  }
  std::map<std::string, size_t> label_index;
  for (const auto& entry : by_label(utterances)) label_index.emplace(entry.first, label_index.size());
  std::vector<std::vector<int64_t>> counts;
  for (const auto& [speaker, members] : speakers) {
    counts.emplace_back(label_index.size(), 0);
    for (size_t i : members) ++counts.back()[label_index.at(utterances[i].label)];
  }
  std::vector<size_t> order(speakers.size());
  for (size_t g = 0; g < order.size(); ++g) order[g] = g;
  Rng rng(seed);
  rng.shuffle(order);
  const std::vector<int> group_fold = balance_groups(counts, n_splits, order);

  std::vector<int> fold_of(utterances.size(), 0);
  size_t g = 0;
  for (const auto& entry : speakers) {
    for (size_t i : entry.second) fold_of[i] = group_fold[g];
    ++g;
  }
  return folds_from(utterances, fold_of, n_splits);
}

std::vector<Fold> leave_one_speaker_out(const std::vector<Utterance>& utterances) {
  require_utterances(utterances);
  const auto speakers = by_speaker(utterances);
  if (speakers.size() < 2) {
    throw ParameterError("leave-one-speaker-out needs at least 2 speakers, but the data has " +
                         std::to_string(speakers.size()) + " (" + speaker_list(speakers) + ")");
  }
  std::vector<int> fold_of(utterances.size(), 0);
  int f = 0;
  for (const auto& entry : speakers) {
    for (size_t i : entry.second) fold_of[i] = f;
    ++f;
  }
  return folds_from(utterances, fold_of, f);
}

std::vector<Fold> leave_one_corpus_out(const std::vector<Utterance>& utterances) {
  require_utterances(utterances);
  std::vector<std::string> corpora;  // in order of first appearance
  std::vector<int> fold_of(utterances.size(), 0);
  for (size_t i = 0; i < utterances.size(); ++i) {
    const auto at = std::find(corpora.begin(), corpora.end(), utterances[i].corpus);
    fold_of[i] = static_cast<int>(at - corpora.begin());
    if (at == corpora.end()) corpora.push_back(utterances[i].corpus);
  }
  if (corpora.size() < 2) {
    throw ParameterError("leave-one-corpus-out needs at least 2 corpora, but the data has " +
                         std::to_string(corpora.size()) + " (" + join(corpora, ", ") + "): give another --corpus");
  }
  std::vector<Fold> folds = folds_from(utterances, fold_of, static_cast<int>(corpora.size()));
  for (size_t f = 0; f < folds.size(); ++f) folds[f].held_out_corpus = corpora[f];
  return folds;
}

}  // namespace ser::data
