#include "dsp/voice/cepstrum.h"

#include <algorithm>
#include <cmath>

#include "common/require.h"

namespace ser::dsp::voice {

void HtkCepstrumParams::validate() const {
  require_parameter(n_bands >= 2 && n_bands <= 128, "HtkCepstrumParams", "n_bands", "in [2, 128]", n_bands);
  require_parameter(lo_hz >= 0, "HtkCepstrumParams", "lo_hz", ">= 0 Hz", lo_hz);
  require_parameter(hi_hz > lo_hz, "HtkCepstrumParams", "hi_hz", "> lo_hz", hi_hz);
  require_parameter(first >= 0 && first < n_bands, "HtkCepstrumParams", "first", "in [0, n_bands)", first);
  require_parameter(last >= first && last < n_bands, "HtkCepstrumParams", "last", "in [first, n_bands)", last);
  require_parameter(lifter >= 0, "HtkCepstrumParams", "lifter", ">= 0", lifter);
}

HtkCepstrum::HtkCepstrum(double sample_rate, int n_fft, const HtkCepstrumParams& params)
    : bands_(BandScale::Mel, (params.validate(), params.n_bands), params.lo_hz, params.hi_hz, sample_rate, n_fft) {
  const int m = bands_.n_bands();
  rows_ = static_cast<size_t>(params.last - params.first + 1);
  for (int i = params.first; i <= params.last; ++i) {
    const double lift = params.lifter > 0 ? 1.0 + params.lifter / 2.0 * std::sin(M_PI * i / params.lifter) : 1.0;
    for (int b = 0; b < m; ++b) basis_.push_back(lift * std::sqrt(2.0 / m) * std::cos(M_PI * i * (b + 0.5) / m));
  }
  log_energy_.resize(static_cast<size_t>(m));
}

void HtkCepstrum::compute(const float* power, float* out) {
  bands_.apply(power, log_energy_.data());
  constexpr double kSampleScale = 32768.0 * 32768.0;
  for (double& e : log_energy_) e = std::log(static_cast<float>(std::max(e * kSampleScale, 1.0)));
  const size_t m = log_energy_.size();
  for (size_t r = 0; r < rows_; ++r) {
    double sum = 0.0;
    for (size_t b = 0; b < m; ++b) sum += basis_[r * m + b] * log_energy_[b];
    out[r] = static_cast<float>(sum);
  }
}

}  // namespace ser::dsp::voice
