#include "train/runs/training_run.h"

#include <chrono>
#include <map>
#include <set>
#include <string>

#include "common/error.h"
#include "nn/zoo.h"
#include "train/augment/augmentation_plan.h"
#include "train/dist/shared_extraction.h"
#include "train/inputs/normalization_stats.h"
#include "train/loop/class_weights.h"
#include "train/runs/speaker_bags.h"
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

// Every draw's augmented copies of the files `training`, draw by draw (each draw's plan is as
// long as the others).
std::vector<AugmentedCopy> plan_draws(const RunConfig& config, const Dataset& d, const std::vector<size_t>& training) {
  std::vector<AugmentedCopy> plan;
  for (int draw = 0; draw < config.augmentation.draws; ++draw) {
    std::vector<AugmentedCopy> part = plan_augmented_copies(d.utterances, training, d.content, config.augmentation.audio,
                                                            draw_seed(config.trainer.seed, draw));
    plan.insert(plan.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return plan;
}

// The files as they are (those without windows left out), for their normalisation statistics.
ExampleSet examples(const AdaptedPart& part) {
  ExampleSet set;
  for (size_t k = 0; k < part.features.size(); ++k) {
    if (!part.features[k].windows.empty()) set.add_file(part.features[k], part.targets[k]);
  }
  return set;
}

// The augmented copies as the networks see them: plan[k / per_copy] made features[k] (a mixed
// adaptation sees each copy twice).
struct AdaptedCopies {
  const std::vector<FileFeatures>& features;
  const std::vector<AugmentedCopy>& plan;
  size_t per_copy = 1;
};

// What the networks train on (trainer.h: an ensemble's repeat r on sets[r % sets.size()]): the
// files as they are, then the copies of one draw, in plan order. One set per draw; with a share
// of the speakers below 1, one per repeat, each holding its own speakers' files and copies, and
// the draw r % draws.
std::vector<ExampleSet> training_sets(const RunConfig& config, const Dataset& d, const std::vector<size_t>& training,
                                      const AdaptedPart& files, const AdaptedCopies& copies, uint64_t seed) {
  const size_t draws = static_cast<size_t>(config.augmentation.draws);
  const size_t per_draw = copies.plan.size() / draws;
  const int repeats = config.bag_speaker_share < 1
                          ? nn::resolve_hyper_parameters(config.trainer.model, config.trainer.hyper_parameters)
                                .at("repeats").get<int>()
                          : 1;
  const std::vector<std::set<std::string>> speakers =
      speaker_bags(d.utterances, training, config.bag_speaker_share, repeats, seed);
  std::vector<ExampleSet> sets(speakers.empty() ? draws : speakers.size());
  for (size_t s = 0; s < sets.size(); ++s) {
    std::vector<size_t> sources;  // per file of the set: the file it comes from
    auto add = [&](const FileFeatures& f, size_t source) {
      if (f.windows.empty()) return;
      if (!speakers.empty() && !speakers[s].count(d.utterances[source].speaker)) return;
      sets[s].add_file(f, d.targets[source]);
      sources.push_back(source);
    };
    for (size_t k = 0; k < files.features.size(); ++k) add(files.features[k], files.sources[k]);
    for (size_t k = 0; k < copies.features.size(); ++k) {
      const size_t copy = k / copies.per_copy;
      if (copy / per_draw == s % draws) add(copies.features[k], copies.plan[copy].source);
    }
    if (const auto balance = parse_balance(config.balance)) {
      sets[s].file_weights = corpus_class_weights(sets[s], sources, d, *balance);
    }
  }
  return sets;
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
  const std::vector<AugmentedCopy> plan = plan_draws(config, d, training);
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
  const nn::Normalization norm = normalization_of(examples(train_part_files), config.spec);  // the files as they are
  std::vector<FileFeatures> adapted_copies;
  if (mode != AdaptTraining::None) {
    const auto speakers = group_norms(data, training, AdaptGroup::Speaker, adaptation, config.spec);
    const auto prior = group_norms(data, training, AdaptGroup::None, adaptation, config.spec).at("");
    for (size_t i = 0; i < plan.size(); ++i) {
      adapted_copies.push_back(normalised(copies[i], speakers.at(d.utterances[plan[i].source].speaker), config.spec.shape));
      if (mode == AdaptTraining::Mixed) adapted_copies.push_back(normalised(copies[i], prior, config.spec.shape));
    }
  }
  const AdaptedCopies adapted{mode == AdaptTraining::None ? copies : adapted_copies, plan,
                              mode == AdaptTraining::Mixed ? size_t{2} : size_t{1}};
  std::vector<ExampleSet> train_sets = training_sets(config, d, training, train_part_files, adapted, seed);
  std::vector<const ExampleSet*> sets;
  for (const ExampleSet& set : train_sets) sets.push_back(&set);
  ExampleSet val_set;
  for (size_t k = 0; k < val_part_files.features.size(); ++k) {
    val_set.add_file(val_part_files.features[k], val_part_files.targets[k]);
  }
  TrainerOptions options = config.trainer;
  options.seed = seed;
  TrainingOutcome outcome = train_network(sets, val_set.n_files() ? &val_set : nullptr, d.labels.size(),
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
    const std::vector<AugmentedCopy> part_plan = plan_draws(config, d, part);
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
