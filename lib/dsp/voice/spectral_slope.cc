#include "dsp/voice/spectral_slope.h"

#include <algorithm>
#include <cmath>

#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

double spectral_slope(const float* power, int n_bins, double bin_hz, double lo_hz, double hi_hz) {
  const int begin = first_bin_from(lo_hz, bin_hz, n_bins);
  const int end = end_bin_through(hi_hz, bin_hz, n_bins);
  if (end - begin < 3) return 0.0;
  double sx = 0.0, sy = 0.0, sxy = 0.0, sxx = 0.0;
  for (int k = begin; k < end; ++k) {
    const double f = k * bin_hz;
    const double y = 10.0 * std::log10(std::max(double(power[k]), 1e-14));
    sx += f;
    sy += y;
    sxy += f * y;
    sxx += f * f;
  }
  const double n = end - begin - 1;
  const double denom = n * sxx - sx * sx;
  return denom != 0.0 ? (n * sxy - sx * sy) / denom : 0.0;
}

}  // namespace ser::dsp::voice
