#include "dsp/frequencies.h"

#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::dsp {

std::vector<double> linspace(double start, double stop, int num, bool endpoint) {
  if (num < 0) throw ParameterError("linspace: num must be >= 0 (got " + std::to_string(num) + ")");
  std::vector<double> y(static_cast<size_t>(num));
  const int div = endpoint ? num - 1 : num;
  const double delta = stop - start;
  const double step = div > 0 ? delta / div : 0.0;
  for (int i = 0; i < num; ++i) {
    // numpy divides first when the step underflows to 0, so the values still spread.
    const double scaled = (div > 0 && step == 0.0) ? i / static_cast<double>(div) * delta : i * step;
    y[static_cast<size_t>(i)] = scaled + start;
  }
  if (endpoint && num > 1) y.back() = stop;
  return y;
}

std::vector<double> fft_frequencies(double sr, int n_fft) {
  if (!(sr > 0)) throw ParameterError("sr must be > 0 Hz (got " + std::to_string(sr) + ")");
  if (n_fft <= 0) throw ParameterError("n_fft must be > 0 (got " + std::to_string(n_fft) + ")");
  const double val = 1.0 / (n_fft * (1.0 / sr));
  std::vector<double> f(static_cast<size_t>(n_fft / 2 + 1));
  for (size_t k = 0; k < f.size(); ++k) f[k] = static_cast<double>(k) * val;
  return f;
}

double hz_to_octs(double hz, double tuning, int bins_per_octave) {
  const double a440 = 440.0 * std::pow(2.0, tuning / bins_per_octave);
  return std::log2(hz / (a440 / 16));
}

}  // namespace ser::dsp
