// seremotion: the features of one file as training sees it: every window, in time order.
#pragma once

#include <vector>

#include "common/matrix.h"
#include "features/windowing.h"

namespace ser::train {

struct FileFeatures {
  std::vector<features::WindowSpan> spans;  // samples at the spec's rate, as plan_windows cut them
  std::vector<Matrix> windows;              // one per span: 1 x D (vector) or D x frames (sequence)
};

bool operator==(const FileFeatures& a, const FileFeatures& b);
inline bool operator!=(const FileFeatures& a, const FileFeatures& b) { return !(a == b); }

}  // namespace ser::train
