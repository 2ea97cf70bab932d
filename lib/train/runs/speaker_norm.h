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

#include <map>
#include <string>
#include <vector>

#include "features/adaptive_norm.h"
#include "features/feature_spec.h"
#include "train/runs/training_run.h"

namespace ser::train {

// What a file is grouped with for its statistics.
enum class AdaptGroup { None, Speaker, Corpus };

// "none", "speaker", "corpus".
const char* adapt_group_name(AdaptGroup group);
// Those names; ParameterError listing them otherwise.
AdaptGroup parse_adapt_group(const std::string& name);

// The statistics of the windows of `files` (indices into data), pooled.
features::FeatureStats stats_of(const PreparedData& data, const std::vector<size_t>& files,
                                const features::FeatureSpec& spec);

// The prior of the training part: each speaker's statistics, pooled by prior_of.
features::AdaptiveNorm training_prior(const PreparedData& data, const std::vector<size_t>& training,
                                      const features::FeatureSpec& spec, double prior_windows);

// The map x -> (x - mean) / std one group's files go through.
struct GroupNorm {
  std::vector<float> mean, std;
};

// The name of the group an utterance belongs to: its speaker, its corpus, or "" (None).
std::string group_key(const data::Utterance& u, AdaptGroup group);

// The normalisation of each group of `files`, by its name: `norm` from the group's statistics
// (AdaptGroup::None: one group "", the prior alone).
std::map<std::string, GroupNorm> group_norms(const PreparedData& data, const std::vector<size_t>& files,
                                             AdaptGroup group, const features::AdaptiveNorm& norm,
                                             const features::FeatureSpec& spec);

// Copies of the features of `files`, each normalised by `norm` from the statistics of its group
// among `files` (AdaptGroup::None: the prior alone). In `files` order.
std::vector<FileFeatures> normalised_by_group(const PreparedData& data, const std::vector<size_t>& files,
                                              AdaptGroup group, const features::AdaptiveNorm& norm,
                                              const features::FeatureSpec& spec);

// One file's windows mapped by `map` (per element for vector specs, per band for sequence specs).
FileFeatures normalised(const FileFeatures& file, const GroupNorm& map, features::InputShape shape);

}  // namespace ser::train
