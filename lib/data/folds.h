// seremotion: cross-validation folds over a list of utterances, reproducible from a seed.
//
// Three schemes:
//   Stratified          k folds whose label proportions match the whole (sklearn's
//                       StratifiedKFold with shuffle=True): each label's files, shuffled, are
//                       dealt round-robin to the folds, the deal continuing from label to label.
//                       Every fold holds, of each label, n_label / k files rounded up or down
//                       (within one file), and fold sizes differ by at most one. Speakers are
//                       heard in training and test alike: this measures speaker-DEPENDENT accuracy.
//   SpeakerGrouped      k folds, each speaker's files all in one test fold (speaker-independent),
//                       balancing fold sizes and, as far as the speakers allow, labels (like
//                       sklearn's StratifiedGroupKFold): speakers in shuffled order each go to the
//                       fold where they most reduce
//                         cost = sum_folds [ sum_labels (k n_fl - N_l)^2 + (k n_f - N)^2 ]
//                       (n_fl: files of label l in fold f, N_l: in all; n_f, N: all labels), then
//                       single moves and pairwise swaps of speakers between folds lower the cost
//                       while they can (swaps when there are at most 1000 speakers). Integer
//                       arithmetic, so the result is exact on every platform.
//   LeaveOneSpeakerOut  one fold per speaker, in speaker order; no randomness.
//   LeaveOneCorpusOut   one fold per corpus (Utterance::corpus), in the order the corpora first
//                       appear: train on every other corpus, test on this one. The cross-corpus
//                       protocol: new speakers, microphones, rooms and often a new language.
// Determinism: the same utterances (same order), scheme, k and seed give the same folds on every
// platform (rng.h). With few speakers there are few balanced partitions, and the balancing can
// bring two seeds to the same partition, the folds in another order (EMO-DB's ten speakers in
// five folds do so). Labels and speakers are taken from Utterance::label and Utterance::speaker;
// speakers of different corpora are told apart by their corpus prefix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/utterance.h"

namespace ser::data {

enum class FoldScheme { Stratified, SpeakerGrouped, LeaveOneSpeakerOut, LeaveOneCorpusOut };

// "stratified", "speaker", "loso", "corpus".
const char* fold_scheme_name(FoldScheme scheme);
// Accepts those names and "grouped", "speaker-grouped", "leave-one-speaker-out", "loco",
// "leave-one-corpus-out", any case; ParameterError listing them otherwise.
FoldScheme parse_fold_scheme(const std::string& name);
// Whether no speaker is on both sides of a fold (every scheme but Stratified).
bool is_speaker_independent(FoldScheme scheme);
// Whether the scheme makes its own number of folds (one per speaker or corpus), ignoring n_splits.
bool has_natural_folds(FoldScheme scheme);

struct FoldParams {
  FoldScheme scheme = FoldScheme::Stratified;
  int n_splits = 5;   // k, the number of folds; >= 2. Ignored by the leave-one-out schemes
  uint64_t seed = 0;  // any value; ignored by the leave-one-out schemes

  // ParameterError naming n_splits and its range.
  void validate() const;
};

struct Fold {
  std::vector<size_t> train;               // indices into the utterances, ascending
  std::vector<size_t> test;                // ascending; train and test partition all indices
  // Sorted. Speaker-independent schemes: the speakers held out (none of them in train).
  // Stratified: the speakers heard in the test fold (who are heard in training too).
  std::vector<std::string> test_speakers;
  std::string held_out_corpus;  // LeaveOneCorpusOut: the test fold's corpus; empty otherwise
};

// Dispatches on params.scheme. Every index is in exactly one fold's test.
std::vector<Fold> make_folds(const std::vector<Utterance>& utterances, const FoldParams& params);

// ParameterError when n_splits < 2 or when a label has fewer than n_splits files, naming the
// label and its count.
std::vector<Fold> stratified_k_fold(const std::vector<Utterance>& utterances, int n_splits, uint64_t seed);
// ParameterError when n_splits < 2 or the utterances have fewer than n_splits speakers.
std::vector<Fold> speaker_grouped_k_fold(const std::vector<Utterance>& utterances, int n_splits, uint64_t seed);
// ParameterError when there are fewer than two speakers.
std::vector<Fold> leave_one_speaker_out(const std::vector<Utterance>& utterances);
// ParameterError when there are fewer than two corpora (naming them).
std::vector<Fold> leave_one_corpus_out(const std::vector<Utterance>& utterances);

}  // namespace ser::data
