#include "dsp/voice/spectral_flux.h"

#include <cmath>

#include "common/require.h"
#include "dsp/voice/spectral_bins.h"

namespace ser::dsp::voice {

void SpectralFluxParams::validate() const {
  require_parameter(max_hz > 0, "SpectralFluxParams", "max_hz", "> 0 Hz", max_hz);
}

double spectral_flux(const float* magnitude, const float* previous, int n_bins, double bin_hz,
                     const SpectralFluxParams& params) {
  params.validate();
  if (!previous) return 0.0;
  const int end = first_bin_from(params.max_hz, bin_hz, n_bins);
  if (end <= 0) return 0.0;
  double sum = 0.0;
  for (int k = 0; k < end; ++k) {
    const double d = double(magnitude[k]) - previous[k];
    sum += d * d;
  }
  return std::sqrt(sum / end);
}

}  // namespace ser::dsp::voice
