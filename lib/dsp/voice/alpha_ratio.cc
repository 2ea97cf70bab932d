#include "dsp/voice/alpha_ratio.h"

#include <cmath>

#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

double alpha_ratio(const float* power, int n_bins, double bin_hz, const SplitBands& bands) {
  bands.validate();
  const int split = first_bin_from(bands.split_hz, bin_hz, n_bins);
  const int end = end_bin_through(bands.upper_hz, bin_hz, n_bins);
  double low = 0.0, high = 0.0;
  for (int k = 0; k < split; ++k) low += power[k];
  for (int k = split; k < end; ++k) high += power[k];
  if (!(low > 0.0 && high > 0.0)) return 0.0;
  return 10.0 * std::log10(high / low);
}

}  // namespace ser::dsp::voice
