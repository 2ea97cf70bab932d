#include "dsp/voice/harmonic_levels.h"

#include <algorithm>
#include <cmath>

namespace ser::dsp::voice {
namespace {

double level_db(double a, double b) { return 20.0 * std::log10(std::max(a, 1e-20) / std::max(b, 1e-20)); }

}  // namespace

double strongest_harmonic_near(const float* magnitude, int n_bins, double bin_hz, double f0, double centre,
                               double half_width) {
  const int nearest = std::max(1, static_cast<int>(std::lround(centre / f0)));
  int lo = std::max(1, static_cast<int>(std::ceil((centre - half_width) / f0)));
  int hi = static_cast<int>(std::floor((centre + half_width) / f0));
  // A range narrower than the harmonic spacing holds none: the nearest harmonic stands for it.
  if (hi < lo) lo = hi = nearest;
  double best = 0.0;
  for (int h = lo; h <= hi; ++h) best = std::max(best, harmonic_magnitude(magnitude, n_bins, bin_hz, f0, h));
  return best;
}

double harmonic_magnitude(const float* magnitude, int n_bins, double bin_hz, double f0, int h) {
  const double centre = h * f0 / bin_hz;
  const int lo = std::max(static_cast<int>(std::floor(centre * 0.98)), 1);
  const int hi = std::min(static_cast<int>(std::ceil(centre * 1.02)), n_bins - 1);
  float best = 0.0f;
  for (int k = lo; k <= hi; ++k) best = std::max(best, magnitude[k]);
  return best;
}

void harmonic_levels(const float* magnitude, int n_bins, double bin_hz, double f0, const Formants& formants,
                     HarmonicLevels& out) {
  auto m = [&](int h) { return harmonic_magnitude(magnitude, n_bins, bin_hz, f0, std::max(h, 1)); };
  const double h1 = m(1), h2 = m(2), h3 = m(3);
  for (size_t i = 0; i < 3; ++i) {
    out.formant_amplitude[i] =
        static_cast<float>(level_db(m(static_cast<int>(std::lround(formants.frequency[i] / f0))), h1));
  }
  out.h1_a3 = static_cast<float>(level_db(h2, strongest_harmonic_near(magnitude, n_bins, bin_hz, f0, formants.frequency[2],
                                                                         formants.bandwidth[2] / 2)));
  out.h1_h2 = static_cast<float>(level_db(h2, h3));
}

}  // namespace ser::dsp::voice
