// Tests: synthetic signals with known content.
#pragma once

#include <cstddef>
#include <vector>

namespace ser::test {

// amplitude sin(2 pi freq i / sr), i = 0 .. n - 1, computed in double and stored as float.
std::vector<float> sine(size_t n, double freq, double sr, double amplitude);

}  // namespace ser::test
