#include "dsp/voice/cepstrum.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::dsp::voice {

HtkCepstrum::HtkCepstrum(double sample_rate, int n_fft, int first, int last)
    : bands_(BandScale::Mel, 26, 20.0, 8000.0, sample_rate, n_fft) {
  const int m = bands_.n_bands();
  if (first < 0 || last < first || last >= m) {
    throw ParameterError("cepstral coefficients must satisfy 0 <= first <= last < " + std::to_string(m) + " (got " +
                         std::to_string(first) + ".." + std::to_string(last) + ")");
  }
  constexpr double kLifter = 22.0;
  rows_ = static_cast<size_t>(last - first + 1);
  for (int i = first; i <= last; ++i) {
    const double lift = 1.0 + kLifter / 2.0 * std::sin(M_PI * i / kLifter);
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
