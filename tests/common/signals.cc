#include "common/signals.h"

#include <cmath>

namespace ser::test {

std::vector<float> sine(size_t n, double freq, double sr, double amplitude) {
  std::vector<float> y(n);
  for (size_t i = 0; i < n; ++i) y[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * freq * i / sr));
  return y;
}

}  // namespace ser::test
