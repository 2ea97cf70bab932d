#include "train/inputs/example_set.h"

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

}  // namespace ser::train
