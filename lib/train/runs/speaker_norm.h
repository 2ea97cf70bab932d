// seremotion: adaptive normalisation in training and evaluation (features/adaptive_norm.h).
//
// With adaptation on, every file's features are normalised by the statistics of its group before
// anything else sees them: in training, each training speaker by its own windows (the prior being
// the training speakers pooled, each weighing the same); in evaluation, the test files by the group
// a deployment would have heard: the test speaker (a stream of one voice, or `ser-train predict`
// on one speaker's files), the test corpus (predict on a batch from one source), or nothing (one
// short clip on its own: the prior). Statistics are always those of the files as they are (an
// augmented copy is normalised as its source's speaker).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "features/adaptive_norm.h"
#include "features/feature_spec.h"
#include "train/runs/training_run.h"

namespace ser::train {

// How a training part is normalised: not at all (the model's own normalisation only); each file by
// its speaker's statistics; or mixed: each file twice, by its speaker's statistics and by the prior
// alone, so that one model serves from the first window of a stream (nothing heard yet: the prior)
// to a long one (its own statistics), and every shrunk blend between.
enum class AdaptTraining { None, Speaker, Mixed };

// "none", "speaker", "mixed"; the parser throws ParameterError listing them.
const char* adapt_training_name(AdaptTraining mode);
AdaptTraining parse_adapt_training(const std::string& name);

// What weighs the same in the training prior: every training speaker (a corpus with more speakers
// pulls the prior towards its voices and microphones), or every training corpus (its speakers
// sharing its weight equally).
enum class PriorBalance { Speaker, Corpus };

// "speaker", "corpus" (any case); ParameterError listing them otherwise.
PriorBalance parse_prior_balance(const std::string& name);

// What a file is grouped with for its statistics. SpeakerEmotion (evaluation only: it reads the
// test labels) groups a speaker's files of one emotion: a stream in which the speaker keeps one
// emotion, the case in which adapting to what was heard takes the emotion away.
enum class AdaptGroup { None, Speaker, Corpus, SpeakerEmotion };

// A test file's normalisation in evaluation: its group, and with `windows` > 0, statistics from only
// that many of the group's windows drawn at random (a short stream: the shrinkage then weighs the
// prior more).
struct TestAdaptation {
  AdaptGroup group = AdaptGroup::Speaker;
  size_t windows = 0;  // 0: every window of the group
};

// "none", "speaker", "corpus", "speaker-emotion", "speaker:10" (10 random windows of the speaker).
std::string test_adaptation_name(const TestAdaptation& a);
// Those forms; ParameterError listing them otherwise.
TestAdaptation parse_test_adaptation(const std::string& name);
// The adaptations every speaker-normalised cross-validation reports: none, speaker:3, speaker:10,
// speaker:30, speaker, corpus.
std::vector<TestAdaptation> reported_test_adaptations();

// The statistics of the windows of `files` (indices into data), pooled.
features::FeatureStats stats_of(const PreparedData& data, const std::vector<size_t>& files,
                                const features::FeatureSpec& spec);

// The prior of the training part: each speaker's statistics, pooled by prior_of, weighed by `balance`.
features::AdaptiveNorm training_prior(const PreparedData& data, const std::vector<size_t>& training,
                                      const features::FeatureSpec& spec, double prior_windows,
                                      PriorBalance balance = PriorBalance::Speaker);

// The map x -> (x - mean) / std one group's files go through.
struct GroupNorm {
  std::vector<float> mean, std;
};

// The name of the group an utterance belongs to: its speaker, its corpus, its speaker and label
// (SpeakerEmotion), or "" (None).
std::string group_key(const data::Utterance& u, AdaptGroup group);

// The normalisation of each group of `files`, by its name: `norm` from the group's statistics
// (AdaptGroup::None: one group "", the prior alone).
std::map<std::string, GroupNorm> group_norms(const PreparedData& data, const std::vector<size_t>& files,
                                             AdaptGroup group, const features::AdaptiveNorm& norm,
                                             const features::FeatureSpec& spec);

// Copies of the features of `files`, each normalised by `norm` from the statistics of its group
// among `files` (AdaptGroup::None: the prior alone). In `files` order. With sample_windows > 0,
// each group's statistics come from that many of its windows drawn with data::Rng(seed).
std::vector<FileFeatures> normalised_by_group(const PreparedData& data, const std::vector<size_t>& files,
                                              AdaptGroup group, const features::AdaptiveNorm& norm,
                                              const features::FeatureSpec& spec, size_t sample_windows = 0,
                                              uint64_t seed = 0);

// A training (or validation) part as the network sees it under `mode`: the files' features and
// targets (twice each when mixed; augmented copies of a file normalised as their source). For
// AdaptTraining::None the features are copies as they are.
struct AdaptedPart {
  std::vector<FileFeatures> features;
  std::vector<int> targets;
  std::vector<size_t> sources;  // per entry: the file (index into data) it comes from
};
AdaptedPart adapted_part(const PreparedData& data, const std::vector<size_t>& files, AdaptTraining mode,
                         const features::AdaptiveNorm& norm, const features::FeatureSpec& spec);

// One file's windows mapped by `map` (per element for vector specs, per band for sequence specs).
FileFeatures normalised(const FileFeatures& file, const GroupNorm& map, features::InputShape shape);

}  // namespace ser::train
