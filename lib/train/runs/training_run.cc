#include "train/runs/training_run.h"

#include <chrono>
#include <map>
#include <string>

#include "common/error.h"
#include "train/augment/augmentation_plan.h"
#include "train/dist/shared_extraction.h"
#include "train/inputs/normalization_stats.h"
#include "train/loop/class_weights.h"
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

// Corpus balance (class_weights.h) of the training windows: the files' corpora, classes and
// window counts.
std::vector<float> corpus_class_weights(const ExampleSet& set, const std::vector<size_t>& sources, const Dataset& d,
                                        CorpusBalance balance) {
  std::vector<size_t> per_file(set.n_files(), 0);
  for (size_t w = 0; w < set.n_windows(); ++w) ++per_file[set.window_file[w]];
  std::vector<std::string> corpus(set.n_files());
  for (size_t f = 0; f < set.n_files(); ++f) corpus[f] = d.utterances[sources[f]].corpus;
  return corpus_balance_weights(corpus, set.file_targets, per_file, balance);
}

}  // namespace

PreparedData prepare_data(const RunConfig& config, const FeatureCache& cache, const RunCallbacks& callbacks,
                          RunTotals& totals, const std::function<void(const Dataset&)>& check, dist::Group* group) {
  PreparedData p;
  p.dataset = load_dataset(config.data);
  const Dataset& d = p.dataset;
  if (check) check(d);
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
  // With adaptive normalisation, every file the part sees is normalised by its speaker's
  // statistics (an augmented copy by its source speaker's) and, when mixed, also by the prior alone.
  const AdaptTraining mode = parse_adapt_training(config.adaptation);
  features::AdaptiveNorm adaptation;
  if (mode != AdaptTraining::None) {
    adaptation = training_prior(data, training, config.spec, config.adapt_prior_windows,
                                parse_prior_balance(config.adapt_prior_balance));
  }
  const AdaptedPart train_part_files = adapted_part(data, training, mode, adaptation, config.spec);
  const AdaptedPart val_part_files = adapted_part(data, validation, mode, adaptation, config.spec);
  ExampleSet train_set;
  std::vector<size_t> train_sources;  // per file of train_set: the file it comes from
  auto add_training_file = [&](const FileFeatures& f, size_t source) {
    if (f.windows.empty()) return;
    train_set.add_file(f, d.targets[source]);
    train_sources.push_back(source);
  };
  for (size_t k = 0; k < train_part_files.features.size(); ++k) {
    add_training_file(train_part_files.features[k], train_part_files.sources[k]);
  }
  const nn::Normalization norm = normalization_of(train_set, config.spec);  // the files as they are
  std::vector<FileFeatures> adapted_copies;
  if (mode != AdaptTraining::None) {
    const auto speakers = group_norms(data, training, AdaptGroup::Speaker, adaptation, config.spec);
    const auto prior = group_norms(data, training, AdaptGroup::None, adaptation, config.spec).at("");
    for (size_t i = 0; i < plan.size(); ++i) {
      adapted_copies.push_back(normalised(copies[i], speakers.at(d.utterances[plan[i].source].speaker), config.spec.shape));
      if (mode == AdaptTraining::Mixed) adapted_copies.push_back(normalised(copies[i], prior, config.spec.shape));
    }
  }
  const std::vector<FileFeatures>& copy_features = mode == AdaptTraining::None ? copies : adapted_copies;
  const size_t per_copy = mode == AdaptTraining::Mixed ? 2 : 1;
  for (size_t k = 0; k < copy_features.size(); ++k) add_training_file(copy_features[k], plan[k / per_copy].source);
  if (const auto balance = parse_balance(config.balance)) {
    train_set.file_weights = corpus_class_weights(train_set, train_sources, d, *balance);
  }
  ExampleSet val_set;
  for (size_t k = 0; k < val_part_files.features.size(); ++k) {
    val_set.add_file(val_part_files.features[k], val_part_files.targets[k]);
  }
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
