// seremotion: the steps cv and train share: the dataset and its features, then training on one
// part of it (augmenting that part only).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "train/inputs/dataset.h"
#include "train/inputs/feature_cache.h"
#include "train/inputs/file_features.h"
#include "train/loop/trainer.h"
#include "train/report/report.h"
#include "train/runs/run_config.h"

namespace ser::train {

namespace dist {
class Group;
}

// What a run tells the person watching it; every member may be empty.
struct RunCallbacks {
  std::function<void(const std::string& message)> stage;  // a stage starts: "fold 2/5: ..."
  std::function<void(const std::string& part)> part;      // a training starts: "fold 2/5", "final model"
  ExtractionProgress extraction;                          // features computed so far
  EpochCallback epoch;                                    // an epoch ended
};

// Time and cache use summed over a run (report.h's WallTime and CacheCounts).
struct RunTotals {
  WallTime wall_time;
  CacheCounts cache;
};

// The dataset with the features of every file as it is (no augmentation); files that cannot be
// decoded or whose features cannot be computed are removed and listed in dataset.skipped.
struct PreparedData {
  Dataset dataset;
  std::vector<FileFeatures> features;  // per utterance
};

// load_dataset, then `check` of the files listed (when given: what the run will refuse, found
// before the first feature is computed, e.g. check_cross_validation), then extract_features of
// every file through the cache. Errors as load_dataset's and check's, and ser::Error when no file
// can be decoded. `group`: the ranks of a distributed job share the extraction out
// (dist/shared_extraction.h) and every rank gets the same PreparedData.
PreparedData prepare_data(const RunConfig& config, const FeatureCache& cache, const RunCallbacks& callbacks,
                          RunTotals& totals, const std::function<void(const Dataset&)>& check = {},
                          dist::Group* group = nullptr);

// Augmented copies' features, by their cache key (ExtractionJob::cache_key()).
using ReadyCopies = std::map<uint64_t, FileFeatures>;

// The sizes of one training part.
struct PartSizes {
  size_t train_files = 0;  // files trained on, as they are
  size_t copies = 0;       // augmented copies trained on besides them
  size_t validation_files = 0;
};

// Trains config.trainer on the files `training` (indices into data), augmented as config says,
// early-stopping on the files `validation` (may be empty: every epoch runs). The normalisation is
// computed from the training files as they are. Only `training` reaches the augmentation
// (augmentation_plan.h). `seed` drives the network and the shuffling. `group`: its members train
// the part together, data parallel (trainer.h), and share the augmented copies' extraction.
// `ready`: copies extracted ahead (extract_copies), taken from there instead of extracted.
TrainingOutcome train_part(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                           const std::vector<size_t>& training, const std::vector<size_t>& validation, uint64_t seed,
                           const RunCallbacks& callbacks, RunTotals& totals, PartSizes* sizes = nullptr,
                           dist::Group* group = nullptr, const ReadyCopies* ready = nullptr);

// The augmented copies that training on each of `parts` (indices into data) makes, each extracted
// once by one member of `group` and held by all, by cache key: for parts that the ranks of a job
// train apart (the folds of a distributed cv), which would otherwise make the same copy once per
// rank. Empty without audio augmentation. ser::Error naming a copy that cannot be made.
ReadyCopies extract_copies(const RunConfig& config, const PreparedData& data, const FeatureCache& cache,
                           const std::vector<std::vector<size_t>>& parts, const RunCallbacks& callbacks,
                           RunTotals& totals, dist::Group& group);

// The examples of the files `indices`, as they are.
ExampleSet examples_of(const PreparedData& data, const std::vector<size_t>& indices);

}  // namespace ser::train
