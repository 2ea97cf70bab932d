#include "dsp/voice/spectral_slope.h"

#include <algorithm>
#include <cmath>

#include "dsp/log10f_batch.h"
#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

double spectral_slope(const float* power, int n_bins, double bin_hz, double lo_hz, double hi_hz) {
  const int begin = first_bin_from(lo_hz, bin_hz, n_bins);
  const int end = end_bin_through(hi_hz, bin_hz, n_bins);
  if (end - begin < 3) return 0.0;
  // The band's dB values in one vectorised pass (log10f_batch), a band at a time.
  constexpr int kChunk = 64;
  float floored[kChunk], logs[kChunk];
  double sx = 0.0, sy = 0.0, sxy = 0.0, sxx = 0.0;
  for (int k = begin; k < end; ++k) {
    if ((k - begin) % kChunk == 0) {
      const int count = std::min(kChunk, end - k);
      for (int i = 0; i < count; ++i) floored[i] = std::max(power[k + i], 1e-14f);
      dsp::log10f_batch(floored, size_t(count), logs);
    }
    const double f = k * bin_hz;
    const double y = 10.0 * double(logs[(k - begin) % kChunk]);
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
