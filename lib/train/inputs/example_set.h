// seremotion: ExampleSet, the windows one part of a fold (training, validation or test) feeds the
// network, each labelled with its file's class.
//
// The network learns from windows; a file is scored by the mean of its windows' probabilities
// (trainer.h). So a set keeps both views: the windows, and which file each belongs to.
// A set does not own its features: it points into FileFeatures that must outlive it.
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"
#include "train/inputs/file_features.h"

namespace ser::train {

struct ExampleSet {
  std::vector<const Matrix*> windows;  // every window of every file, file after file
  std::vector<size_t> window_file;     // per window: its file, an index into file_targets
  std::vector<int> file_targets;       // per file: its class index
  // Per file: the weight of each of its windows in the training loss; empty: every window 1 (and
  // the trainer's class weights, if on, balance the classes instead).
  std::vector<float> file_weights;

  // Appends a file's windows with its class. A file without windows adds nothing (and no file).
  void add_file(const FileFeatures& features, int target);

  size_t n_windows() const { return windows.size(); }
  size_t n_files() const { return file_targets.size(); }
  int window_target(size_t w) const { return file_targets[window_file[w]]; }
  std::vector<int> window_targets() const;

  // n_files x columns: each file's mean of the rows of its windows in `window_rows` (n_windows
  // rows, one per window; e.g. probabilities), summed in double. ParameterError on a row count
  // other than n_windows().
  Matrix mean_by_file(const Matrix& window_rows) const;
};

}  // namespace ser::train
