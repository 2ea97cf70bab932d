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

std::vector<float> hamming_window(int n) {
  if (n <= 0) throw ParameterError("window length must be > 0 (got " + std::to_string(n) + ")");
  std::vector<float> w(static_cast<size_t>(n), 1.0f);
  for (int i = 0; n > 1 && i < n; ++i) {
    w[static_cast<size_t>(i)] = static_cast<float>(0.54 - 0.46 * std::cos(2.0 * M_PI * i / (n - 1)));
  }
  return w;
}

std::vector<float> gaussian_window(int n, double sigma) {
  if (n <= 0) throw ParameterError("window length must be > 0 (got " + std::to_string(n) + ")");
  if (!(sigma > 0)) throw ParameterError("sigma must be > 0 (got " + std::to_string(sigma) + ")");
  std::vector<float> w(static_cast<size_t>(n), 1.0f);
  const double half = (n - 1) / 2.0;
  for (int i = 0; n > 1 && i < n; ++i) {
    const double z = (i - half) / (sigma * half);
    w[static_cast<size_t>(i)] = static_cast<float>(std::exp(-0.5 * z * z));
  }
  return w;
}

}  // namespace ser::dsp
