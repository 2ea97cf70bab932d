#include "train/inputs/file_features.h"

namespace ser::train {

bool operator==(const FileFeatures& a, const FileFeatures& b) {
  if (a.spans.size() != b.spans.size() || a.windows.size() != b.windows.size()) return false;
  for (size_t i = 0; i < a.spans.size(); ++i) {
    if (a.spans[i].start != b.spans[i].start || a.spans[i].length != b.spans[i].length) return false;
  }
  for (size_t i = 0; i < a.windows.size(); ++i) {
    const Matrix& x = a.windows[i];
    const Matrix& y = b.windows[i];
    if (x.rows() != y.rows() || x.cols() != y.cols() || x.storage() != y.storage()) return false;
  }
  return true;
}

}  // namespace ser::train
