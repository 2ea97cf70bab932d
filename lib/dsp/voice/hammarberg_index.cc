#include "dsp/voice/hammarberg_index.h"

#include <algorithm>
#include <cmath>

#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

double hammarberg_index(const float* power, int n_bins, double bin_hz, const SplitBands& bands) {
  bands.validate();
  const int split = first_bin_from(bands.split_hz, bin_hz, n_bins);
  const int end = end_bin_through(bands.upper_hz, bin_hz, n_bins);
  float low = 0.0f, high = 0.0f;
  for (int k = 0; k < split; ++k) low = std::max(low, power[k]);
  for (int k = split; k < end; ++k) high = std::max(high, power[k]);
  if (!(low > 0.0f && high > 0.0f)) return 0.0;
  return 10.0 * std::log10(double(low) / high);
}

}  // namespace ser::dsp::voice
