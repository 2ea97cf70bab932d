#include "train/runs/training_run.h"

#include <chrono>

#include "common/error.h"
#include "train/augment/augmentation_plan.h"
#include "train/dist/shared_extraction.h"
#include "train/inputs/normalization_stats.h"
#include "train/runs/speaker_norm.h"

namespace ser::train {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void add_counts(RunTotals& totals, const ExtractionResult& r) {
  totals.wall_time.feature_extraction_s += r.seconds;
  totals.cache.hits += r.hits;
  totals.cache.misses += r.misses;
}

// The jobs that make the planned copies.
std::vector<ExtractionJob> copy_jobs(const Dataset& d, const std::vector<AugmentedCopy>& plan,
                                     const AudioAugmentParams& params) {
  std::vector<ExtractionJob> jobs;
  jobs.reserve(plan.size());
  for (const AugmentedCopy& c : plan) {
    CopyRecipe recipe{params, c.seed, {}, {}};
    for (size_t b : c.babble) {
      recipe.babble_paths.push_back(d.utterances[b].path);
      recipe.babble_content.push_back(d.content[b]);
    }
    jobs.push_back({d.utterances[c.source].path, d.content[c.source], std::move(recipe)});
  }
  return jobs;
}

void check_copies(const Dataset& d, const std::vector<AugmentedCopy>& plan, const ExtractionResult& r) {
  for (size_t i = 0; i < plan.size(); ++i) {
    if (!r.errors[i].empty()) throw Error("augmented copy of " + d.utterances[plan[i].source].path + ": " + r.errors[i]);
  }
}

// Every job's features: this process's, or the group's, each job extracted by one member.
ExtractionResult extract(const std::vector<ExtractionJob>& jobs, const RunConfig& config, const FeatureCache& cache,
                         const RunCallbacks& callbacks, dist::Group* group) {
  if (group && group->size() > 1) return dist::extract_shared(jobs, config.extraction(), cache, callbacks.extraction, *group);
  return extract_features(jobs, config.extraction(), cache, callbacks.extraction);
}

}  // namespace

PreparedData prepare_data(const RunConfig& config, const FeatureCache& cache, const RunCallbacks& callbacks,
                          RunTotals& totals, dist::Group* group) {
  PreparedData p;
  p.dataset = load_dataset(config.data);
  const Dataset& d = p.dataset;
  std::vector<ExtractionJob> jobs;
  jobs.reserve(d.utterances.size());
  for (size_t i = 0; i < d.utterances.size(); ++i) jobs.push_back({d.utterances[i].path, d.content[i], std::nullopt});
  if (callbacks.stage) {
    callbacks.stage("features of " + std::to_string(jobs.size()) + " files" +
                    (cache.enabled() ? " (cache " + cache.folder() + ")" : " (no cache)"));
  }
  ExtractionResult r = extract(jobs, config, cache, callbacks, group);
  add_counts(totals, r);
  p.features = std::move(r.features);
  // Failed files leave the dataset and the features together.
  size_t kept = 0;
  for (size_t i = 0; i < p.features.size(); ++i) {
    if (!r.errors[i].empty()) continue;
    if (kept != i) p.features[kept] = std::move(p.features[i]);
    ++kept;
  }
  p.features.resize(kept);
  p.dataset.remove(r.errors);
  if (p.dataset.utterances.empty()) {
    throw Error("none of the " + std::to_string(jobs.size()) + " files could be decoded; the first: " +
                p.dataset.skipped.front().reason);
  }
  return p;
}

ExampleSet examples_of(const PreparedData& data, const std::vector<size_t>& indices) {
  ExampleSet set;
  for (size_t i : indices) set.add_file(data.features[i], data.dataset.targets[i]);
  return set;
}

TrainingOutcome train_part(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                           const std::vector<size_t>& training, const std::vector<size_t>& validation, uint64_t seed,
                           const RunCallbacks& callbacks, RunTotals& totals, PartSizes* sizes, dist::Group* group,
                           const ReadyCopies* ready) {
  const Dataset& d = data.dataset;
  const AudioAugmentParams& audio = config.augmentation.audio;
  const std::vector<AugmentedCopy> plan = plan_augmented_copies(d.utterances, training, d.content, audio, config.trainer.seed);
  std::vector<FileFeatures> copies;
  if (!plan.empty()) {
    const std::vector<ExtractionJob> jobs = copy_jobs(d, plan, audio);
    if (ready) {
      for (const ExtractionJob& job : jobs) copies.push_back(ready->at(job.cache_key()));
    } else {
      if (callbacks.stage) callbacks.stage("features of " + std::to_string(plan.size()) + " augmented copies");
      ExtractionResult r = extract(jobs, config, cache, callbacks, group);
      add_counts(totals, r);
      check_copies(d, plan, r);
      copies = std::move(r.features);
    }
  }
  const auto start = Clock::now();
  // With speaker normalisation, every file the part sees is normalised by its speaker's statistics
  // (an augmented copy by its source's speaker's), and the network learns on those.
  features::AdaptiveNorm adaptation;
  std::vector<FileFeatures> normed_train, normed_val;
  if (config.speaker_norm) {
    adaptation = training_prior(data, training, config.spec, config.adapt_prior_windows);
    normed_train = normalised_by_group(data, training, AdaptGroup::Speaker, adaptation, config.spec);
    normed_val = normalised_by_group(data, validation, AdaptGroup::Speaker, adaptation, config.spec);
    const auto norms = group_norms(data, training, AdaptGroup::Speaker, adaptation, config.spec);
    for (size_t i = 0; i < plan.size(); ++i) {
      const data::Utterance& source = d.utterances[plan[i].source];
      copies[i] = normalised(copies[i], norms.at(source.speaker), config.spec.shape);
    }
  }
  auto part_set = [&](const std::vector<size_t>& files, const std::vector<FileFeatures>& normed) {
    if (!config.speaker_norm) return examples_of(data, files);
    ExampleSet set;
    for (size_t k = 0; k < files.size(); ++k) set.add_file(normed[k], d.targets[files[k]]);
    return set;
  };
  ExampleSet train_set = part_set(training, normed_train);
  const nn::Normalization norm = normalization_of(train_set, config.spec);  // the files as they are
  for (size_t i = 0; i < plan.size(); ++i) train_set.add_file(copies[i], d.targets[plan[i].source]);
  const ExampleSet val_set = part_set(validation, normed_val);
  TrainerOptions options = config.trainer;
  options.seed = seed;
  TrainingOutcome outcome = train_network(train_set, val_set.n_files() ? &val_set : nullptr, d.labels.size(),
                                          config.spec, norm, options, callbacks.epoch, group);
  outcome.adaptation = adaptation;
  totals.wall_time.training_s += seconds_since(start);
  if (sizes) *sizes = {training.size(), plan.size(), validation.size()};
  return outcome;
}

ReadyCopies extract_copies(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                           const std::vector<std::vector<size_t>>& parts, const RunCallbacks& callbacks,
                           RunTotals& totals, dist::Group& group) {
  const Dataset& d = data.dataset;
  const AudioAugmentParams& audio = config.augmentation.audio;
  std::vector<AugmentedCopy> plan;
  std::vector<ExtractionJob> jobs;
  std::map<uint64_t, size_t> seen;
  for (const auto& part : parts) {
    const std::vector<AugmentedCopy> part_plan = plan_augmented_copies(d.utterances, part, d.content, audio, config.trainer.seed);
    std::vector<ExtractionJob> part_jobs = copy_jobs(d, part_plan, audio);
    for (size_t i = 0; i < part_jobs.size(); ++i) {
      if (!seen.emplace(part_jobs[i].cache_key(), jobs.size()).second) continue;
      plan.push_back(part_plan[i]);
      jobs.push_back(std::move(part_jobs[i]));
    }
  }
  ReadyCopies out;
  if (jobs.empty()) return out;
  if (callbacks.stage) callbacks.stage("features of " + std::to_string(jobs.size()) + " augmented copies of every fold");
  ExtractionResult r = extract(jobs, config, cache, callbacks, &group);
  add_counts(totals, r);
  check_copies(d, plan, r);
  for (size_t i = 0; i < jobs.size(); ++i) out.emplace(jobs[i].cache_key(), std::move(r.features[i]));
  return out;
}

}  // namespace ser::train
