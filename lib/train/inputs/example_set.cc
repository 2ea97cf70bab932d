#include "train/inputs/example_set.h"

#include <string>

#include "common/error.h"

namespace ser::train {

void ExampleSet::add_file(const FileFeatures& features, int target) {
  if (features.windows.empty()) return;
  const size_t file = file_targets.size();
  file_targets.push_back(target);
  for (const Matrix& w : features.windows) {
    windows.push_back(&w);
    window_file.push_back(file);
  }
}

std::vector<int> ExampleSet::window_targets() const {
  std::vector<int> out(n_windows());
  for (size_t w = 0; w < out.size(); ++w) out[w] = window_target(w);
  return out;
}

Matrix ExampleSet::mean_by_file(const Matrix& window_rows) const {
  if (window_rows.rows() != n_windows()) {
    throw ParameterError("mean_by_file: " + std::to_string(window_rows.rows()) + " rows for " +
                         std::to_string(n_windows()) + " windows");
  }
  const size_t cols = window_rows.cols();
  std::vector<double> sums(n_files() * cols, 0.0);
  std::vector<size_t> counts(n_files(), 0);
  for (size_t w = 0; w < n_windows(); ++w) {
    const size_t f = window_file[w];
    for (size_t c = 0; c < cols; ++c) sums[f * cols + c] += window_rows(w, c);
    ++counts[f];
  }
  Matrix out(n_files(), cols);
  for (size_t f = 0; f < n_files(); ++f) {
    for (size_t c = 0; c < cols; ++c) out(f, c) = static_cast<float>(sums[f * cols + c] / double(counts[f]));
  }
  return out;
}

}  // namespace ser::train
