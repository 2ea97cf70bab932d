#include "train/runs/speaker_norm.h"

#include <map>

#include "common/error.h"
#include "data/text.h"

namespace ser::train {

const char* adapt_group_name(AdaptGroup group) {
  switch (group) {
    case AdaptGroup::None: return "none";
    case AdaptGroup::Speaker: return "speaker";
    case AdaptGroup::Corpus: return "corpus";
  }
  return "none";
}

AdaptGroup parse_adapt_group(const std::string& name) {
  const std::string key = data::to_lower(data::trim(name));
  if (key == "none") return AdaptGroup::None;
  if (key == "speaker") return AdaptGroup::Speaker;
  if (key == "corpus") return AdaptGroup::Corpus;
  throw ParameterError("unknown adaptation group '" + name + "' (known: none, speaker, corpus)");
}

features::FeatureStats stats_of(const PreparedData& data, const std::vector<size_t>& files,
                                const features::FeatureSpec& spec) {
  features::FeatureStats stats(spec.feature_dim(), spec.shape);
  for (size_t i : files) {
    for (const Matrix& w : data.features[i].windows) stats.add(w);
  }
  return stats;
}

std::string group_key(const data::Utterance& u, AdaptGroup group) {
  return group == AdaptGroup::Speaker ? u.speaker : group == AdaptGroup::Corpus ? u.corpus : "";
}

namespace {

std::map<std::string, std::vector<size_t>> groups_of(const PreparedData& data, const std::vector<size_t>& files,
                                                     AdaptGroup group) {
  std::map<std::string, std::vector<size_t>> out;
  for (size_t i : files) out[group_key(data.dataset.utterances[i], group)].push_back(i);
  return out;
}

}  // namespace

features::AdaptiveNorm training_prior(const PreparedData& data, const std::vector<size_t>& training,
                                      const features::FeatureSpec& spec, double prior_windows) {
  std::vector<features::FeatureStats> speakers;
  for (const auto& entry : groups_of(data, training, AdaptGroup::Speaker)) {
    speakers.push_back(stats_of(data, entry.second, spec));
  }
  return features::prior_of(speakers, prior_windows);
}

FileFeatures normalised(const FileFeatures& file, const GroupNorm& map, features::InputShape shape) {
  const std::vector<float>& mean = map.mean;
  const std::vector<float>& std = map.std;
  FileFeatures out = file;
  const bool vector = shape == features::InputShape::Vector;
  for (Matrix& w : out.windows) {
    for (size_t r = 0; r < w.rows(); ++r) {
      float* p = w.row(r);
      for (size_t c = 0; c < w.cols(); ++c) {
        const size_t k = vector ? c : r;
        p[c] = (p[c] - mean[k]) / std[k];
      }
    }
  }
  return out;
}

std::map<std::string, GroupNorm> group_norms(const PreparedData& data, const std::vector<size_t>& files,
                                             AdaptGroup group, const features::AdaptiveNorm& norm,
                                             const features::FeatureSpec& spec) {
  std::map<std::string, GroupNorm> out;
  for (const auto& entry : groups_of(data, files, group)) {
    GroupNorm& g = out[entry.first];
    if (group == AdaptGroup::None) {
      norm.current(nullptr, g.mean, g.std);
    } else {
      const features::FeatureStats heard = stats_of(data, entry.second, spec);
      norm.current(&heard, g.mean, g.std);
    }
  }
  return out;
}

std::vector<FileFeatures> normalised_by_group(const PreparedData& data, const std::vector<size_t>& files,
                                              AdaptGroup group, const features::AdaptiveNorm& norm,
                                              const features::FeatureSpec& spec) {
  const std::map<std::string, GroupNorm> norms = group_norms(data, files, group, norm, spec);
  std::vector<FileFeatures> out;
  out.reserve(files.size());
  for (size_t i : files) {
    out.push_back(normalised(data.features[i], norms.at(group_key(data.dataset.utterances[i], group)), spec.shape));
  }
  return out;
}

}  // namespace ser::train
