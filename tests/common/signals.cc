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

void scale_to_dbfs(std::vector<float>& y, double rms_dbfs) {
  double sum = 0;
  for (float v : y) sum += double(v) * v;
  if (sum <= 0) return;
  const double gain = std::pow(10.0, rms_dbfs / 20.0) / std::sqrt(sum / double(y.size()));
  for (float& v : y) v = static_cast<float>(v * gain);
}

std::vector<float> noise(size_t n, NoiseColour colour, double rms_dbfs, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> white(0.0, 1.0);
  std::vector<float> y(n);
  double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, brown = 0;
  for (size_t i = 0; i < n; ++i) {
    const double w = white(rng);
    double v = w;
    if (colour == NoiseColour::Pink) {
      // Paul Kellet's refined pink filter (within 0.05 dB of 1/f above 9 Hz at 44.1 kHz).
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.96900 * b2 + w * 0.1538520;
      b3 = 0.86650 * b3 + w * 0.3104856;
      b4 = 0.55000 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.0168980;
      v = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    } else if (colour == NoiseColour::Brown) {
      brown = 0.998 * brown + w;  // the leak keeps it from drifting away
      v = brown;
    }
    y[i] = static_cast<float>(v);
  }
  scale_to_dbfs(y, rms_dbfs);
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
