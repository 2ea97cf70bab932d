#include "dsp/window.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::dsp {

std::vector<float> hann_window(int win_length, int n_fft) {
  if (win_length <= 0 || win_length > n_fft) {
    throw ParameterError("win_length must lie in (0, n_fft=" + std::to_string(n_fft) + "] (got " +
                         std::to_string(win_length) + ")");
  }
  std::vector<float> w(static_cast<size_t>(n_fft), 0.0f);
  const int offset = (n_fft - win_length) / 2;
  for (int n = 0; n < win_length; ++n) {
    w[static_cast<size_t>(offset + n)] =
        static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * n / win_length));
  }
  return w;
}

}  // namespace ser::dsp
