#include "dsp/normalize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/numpy_power.h"

namespace ser::dsp {

void check_norm(const std::optional<double>& norm, const char* field) {
  if (!norm || std::isinf(*norm) || *norm == 0 || (*norm > 0 && std::isfinite(*norm))) return;
  throw ParameterError(std::string(field) + " must be inf, -inf, 0 or a finite p > 0, or unset for none (got " +
                       std::to_string(*norm) + ")");
}

template <typename T>
void normalize_columns(T* data, size_t rows, size_t cols, const std::optional<double>& norm,
                       std::vector<double>& lengths) {
  check_norm(norm, "norm");
  if (!norm || rows == 0) return;
  const double p = *norm;
  lengths.assign(cols, p == -INFINITY ? INFINITY : 0.0);
  // Row by row, so that the (row-major) data is read contiguously.
  for (size_t r = 0; r < rows; ++r) {
    const T* row = data + r * cols;
    for (size_t c = 0; c < cols; ++c) {
      const double x = std::fabs(static_cast<double>(row[c]));
      if (p == INFINITY) {
        lengths[c] = std::max(lengths[c], x);
      } else if (p == -INFINITY) {
        lengths[c] = std::min(lengths[c], x);
      } else if (p == 0) {
        lengths[c] += x > 0 ? 1.0 : 0.0;
      } else {
        lengths[c] += numpy_power(x, p);
      }
    }
  }
  const double tiny = static_cast<double>(std::numeric_limits<T>::min());
  for (double& l : lengths) {
    if (std::isfinite(p) && p > 0) l = numpy_power(l, 1.0 / p);
    if (l < tiny) l = 1.0;
  }
  for (size_t r = 0; r < rows; ++r) {
    T* row = data + r * cols;
    for (size_t c = 0; c < cols; ++c) row[c] = static_cast<T>(static_cast<double>(row[c]) / lengths[c]);
  }
}

template void normalize_columns<float>(float*, size_t, size_t, const std::optional<double>&, std::vector<double>&);
template void normalize_columns<double>(double*, size_t, size_t, const std::optional<double>&, std::vector<double>&);

}  // namespace ser::dsp
