#include "common/signals.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <random>

namespace ser::test {

std::vector<float> sine(size_t n, double freq, double sr, double amplitude) {
  std::vector<float> y(n);
  for (size_t i = 0; i < n; ++i) y[i] = static_cast<float>(amplitude * std::sin(2 * M_PI * freq * i / sr));
  return y;
}

std::vector<float> vowel(size_t n, double f0, double sr, double amplitude, const std::vector<double>& formants) {
  std::vector<double> y(n, 0.0);
  for (int k = 1; k * f0 < sr / 2; ++k) {
    const double w = 2 * M_PI * k * f0 / sr;
    double gain = 1.0 / k;
    for (double f : formants) {
      const double r = std::exp(-M_PI * 80.0 / sr), theta = 2 * M_PI * f / sr;
      const std::complex<double> z = std::polar(1.0, -w);
      gain /= std::abs((1.0 - r * std::polar(1.0, theta) * z) * (1.0 - r * std::polar(1.0, -theta) * z));
    }
    for (size_t i = 0; i < n; ++i) y[i] += gain * std::sin(w * i);
  }
  double peak = 0.0;
  for (double v : y) peak = std::max(peak, std::fabs(v));
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(peak > 0 ? amplitude * y[i] / peak : 0.0);
  return out;
}

std::vector<float> white_noise(size_t n, double amplitude, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-amplitude, amplitude);
  std::vector<float> out(n);
  for (auto& v : out) v = static_cast<float>(u(rng));
  return out;
}

}  // namespace ser::test
