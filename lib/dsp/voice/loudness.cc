#include "dsp/voice/loudness.h"

#include <cmath>

namespace ser::dsp::voice {

Loudness::Loudness(double sample_rate, int n_fft) : bands_(BandScale::Bark, 26, 20.0, 8000.0, sample_rate, n_fft) {
  for (int b = 0; b < bands_.n_bands(); ++b) {
    const double w2 = std::pow(2.0 * M_PI * bands_.centre_hz(b), 2);
    equal_loudness_.push_back((w2 + 56.8e6) * w2 * w2 / ((w2 + 6.3e6) * (w2 + 6.3e6) * (w2 + 0.38e9)));
  }
  band_power_.resize(equal_loudness_.size());
}

double Loudness::compute(const float* power) {
  bands_.apply(power, band_power_.data());
  double sum = 0.0;
  for (size_t b = 0; b < band_power_.size(); ++b) sum += std::pow(static_cast<float>(band_power_[b] * equal_loudness_[b]), 0.33f);
  return kScale * sum;
}

}  // namespace ser::dsp::voice
