#include "train/runs/speaker_norm.h"

#include <algorithm>
#include <map>

#include "common/error.h"
#include "data/rng.h"
#include "data/text.h"

namespace ser::train {

const char* adapt_training_name(AdaptTraining mode) {
  switch (mode) {
    case AdaptTraining::None: return "none";
    case AdaptTraining::Speaker: return "speaker";
    case AdaptTraining::Mixed: return "mixed";
  }
  return "none";
}

AdaptTraining parse_adapt_training(const std::string& name) {
  const std::string key = data::to_lower(data::trim(name));
  if (key == "none") return AdaptTraining::None;
  if (key == "speaker") return AdaptTraining::Speaker;
  if (key == "mixed") return AdaptTraining::Mixed;
  throw ParameterError("unknown adaptation '" + name + "' (known: none, speaker, mixed)");
}

PriorBalance parse_prior_balance(const std::string& name) {
  const std::string key = data::to_lower(data::trim(name));
  if (key == "speaker") return PriorBalance::Speaker;
  if (key == "corpus") return PriorBalance::Corpus;
  throw ParameterError("unknown prior balance '" + name + "' (known: speaker, corpus)");
}

const char* adapt_group_name(AdaptGroup group) {
  switch (group) {
    case AdaptGroup::None: return "none";
    case AdaptGroup::Speaker: return "speaker";
    case AdaptGroup::Corpus: return "corpus";
    case AdaptGroup::SpeakerEmotion: return "speaker-emotion";
  }
  return "none";
}

std::string test_adaptation_name(const TestAdaptation& a) {
  std::string name = adapt_group_name(a.group);
  if (a.windows > 0) name += ":" + std::to_string(a.windows);
  return name;
}

TestAdaptation parse_test_adaptation(const std::string& name) {
  const std::string key = data::to_lower(data::trim(name));
  const auto colon = key.find(':');
  const std::string group = key.substr(0, colon);
  TestAdaptation a;
  bool ok = false;
  for (AdaptGroup g : {AdaptGroup::None, AdaptGroup::Speaker, AdaptGroup::Corpus, AdaptGroup::SpeakerEmotion}) {
    if (group == adapt_group_name(g)) {
      a.group = g;
      ok = true;
    }
  }
  if (ok && colon != std::string::npos) {
    const std::string n = key.substr(colon + 1);
    ok = a.group != AdaptGroup::None && !n.empty() && n.size() <= 6 &&
         n.find_first_not_of("0123456789") == std::string::npos && std::stoul(n) > 0;
    if (ok) a.windows = std::stoul(n);
  }
  if (!ok) {
    throw ParameterError("unknown test adaptation '" + name +
                         "' (known: none, speaker, corpus, speaker-emotion, or speaker:N, corpus:N and "
                         "speaker-emotion:N for N random windows of the group)");
  }
  return a;
}

std::vector<TestAdaptation> reported_test_adaptations() {
  return {{AdaptGroup::None, 0},     {AdaptGroup::Speaker, 3}, {AdaptGroup::Speaker, 10},
          {AdaptGroup::Speaker, 30}, {AdaptGroup::Speaker, 0}, {AdaptGroup::Corpus, 0}};
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
  switch (group) {
    case AdaptGroup::Speaker: return u.speaker;
    case AdaptGroup::Corpus: return u.corpus;
    case AdaptGroup::SpeakerEmotion: return u.speaker + '\n' + u.label;
    case AdaptGroup::None: break;
  }
  return "";
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
                                      const features::FeatureSpec& spec, double prior_windows,
                                      PriorBalance balance) {
  std::vector<features::FeatureStats> speakers;
  std::vector<std::string> corpora;  // per speaker
  std::map<std::string, double> speakers_per_corpus;
  for (const auto& entry : groups_of(data, training, AdaptGroup::Speaker)) {
    speakers.push_back(stats_of(data, entry.second, spec));
    corpora.push_back(data.dataset.utterances[entry.second.front()].corpus);
    speakers_per_corpus[corpora.back()] += 1.0;
  }
  std::vector<double> weights;
  if (balance == PriorBalance::Corpus) {
    for (const std::string& corpus : corpora) weights.push_back(1.0 / speakers_per_corpus[corpus]);
  }
  return features::prior_of(speakers, prior_windows, weights);
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

namespace {

// The statistics of `count` windows of `files` drawn without replacement (all when there are fewer).
features::FeatureStats sampled_stats(const PreparedData& data, const std::vector<size_t>& files,
                                     const features::FeatureSpec& spec, size_t count, data::Rng& rng) {
  std::vector<const Matrix*> windows;
  for (size_t i : files) {
    for (const Matrix& w : data.features[i].windows) windows.push_back(&w);
  }
  for (size_t k = 0; k < std::min(count, windows.size()); ++k) {
    std::swap(windows[k], windows[k + rng.below(windows.size() - k)]);  // partial Fisher-Yates
  }
  features::FeatureStats stats(spec.feature_dim(), spec.shape);
  for (size_t k = 0; k < std::min(count, windows.size()); ++k) stats.add(*windows[k]);
  return stats;
}

}  // namespace

std::vector<FileFeatures> normalised_by_group(const PreparedData& data, const std::vector<size_t>& files,
                                              AdaptGroup group, const features::AdaptiveNorm& norm,
                                              const features::FeatureSpec& spec, size_t sample_windows,
                                              uint64_t seed) {
  std::map<std::string, GroupNorm> norms;
  if (sample_windows == 0 || group == AdaptGroup::None) {
    norms = group_norms(data, files, group, norm, spec);
  } else {
    data::Rng rng(seed);
    for (const auto& entry : groups_of(data, files, group)) {
      const features::FeatureStats heard = sampled_stats(data, entry.second, spec, sample_windows, rng);
      GroupNorm& g = norms[entry.first];
      norm.current(&heard, g.mean, g.std);
    }
  }
  std::vector<FileFeatures> out;
  out.reserve(files.size());
  for (size_t i : files) {
    out.push_back(normalised(data.features[i], norms.at(group_key(data.dataset.utterances[i], group)), spec.shape));
  }
  return out;
}

AdaptedPart adapted_part(const PreparedData& data, const std::vector<size_t>& files, AdaptTraining mode,
                         const features::AdaptiveNorm& norm, const features::FeatureSpec& spec) {
  AdaptedPart part;
  if (mode == AdaptTraining::None) {
    for (size_t i : files) part.features.push_back(data.features[i]);
  } else {
    part.features = normalised_by_group(data, files, AdaptGroup::Speaker, norm, spec);
  }
  for (size_t i : files) {
    part.targets.push_back(data.dataset.targets[i]);
    part.sources.push_back(i);
  }
  if (mode == AdaptTraining::Mixed) {
    std::vector<FileFeatures> prior = normalised_by_group(data, files, AdaptGroup::None, norm, spec);
    for (size_t k = 0; k < files.size(); ++k) {
      part.features.push_back(std::move(prior[k]));
      part.targets.push_back(data.dataset.targets[files[k]]);
      part.sources.push_back(files[k]);
    }
  }
  return part;
}

}  // namespace ser::train
