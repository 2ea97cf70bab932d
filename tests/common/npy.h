// Tests: read the float32 .npy files of ../shared/golden (NPY 1.0, '<f4', C order).
#pragma once

#include <string>
#include <vector>

#include "common/matrix.h"

namespace ser::test {

struct NpyArray {
  std::vector<size_t> shape;
  std::vector<float> values;

  // A 2-D array as a Matrix (rows x cols); a 1-D array as one row.
  Matrix as_matrix() const;
};

// Throws std::runtime_error naming the file on anything but a float32 C-order array.
NpyArray read_npy(const std::string& path);

}  // namespace ser::test
