#include "dsp/voice/loudness.h"

#include <cmath>

#include "common/require.h"

namespace ser::dsp::voice {

void LoudnessParams::validate() const {
  require_parameter(n_bands >= 1 && n_bands <= 128, "LoudnessParams", "n_bands", "in [1, 128]", n_bands);
  require_parameter(lo_hz >= 0, "LoudnessParams", "lo_hz", ">= 0 Hz", lo_hz);
  require_parameter(hi_hz > lo_hz, "LoudnessParams", "hi_hz", "> lo_hz", hi_hz);
  require_parameter(compression > 0 && compression <= 1, "LoudnessParams", "compression", "in (0, 1]", compression);
}

Loudness::Loudness(double sample_rate, int n_fft, const LoudnessParams& params)
    : params_((params.validate(), params)),
      bands_(BandScale::Bark, params.n_bands, params.lo_hz, params.hi_hz, sample_rate, n_fft) {
  for (int b = 0; b < bands_.n_bands(); ++b) {
    const double w2 = std::pow(2.0 * M_PI * bands_.centre_hz(b), 2);
    equal_loudness_.push_back((w2 + 56.8e6) * w2 * w2 / ((w2 + 6.3e6) * (w2 + 6.3e6) * (w2 + 0.38e9)));
  }
  band_power_.resize(equal_loudness_.size());
}

double Loudness::compute(const float* power) {
  bands_.apply(power, band_power_.data());
  double sum = 0.0;
  for (size_t b = 0; b < band_power_.size(); ++b) sum += std::pow(static_cast<float>(band_power_[b] * equal_loudness_[b]), static_cast<float>(params_.compression));
  return kScale * sum;
}

}  // namespace ser::dsp::voice
