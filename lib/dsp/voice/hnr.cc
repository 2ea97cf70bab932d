#include "dsp/voice/hnr.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"
#include "common/require.h"

namespace ser::dsp::voice {

void HnrParams::validate() const {
  require_parameter(search_range > 0 && search_range < 0.5, "HnrParams", "search_range", "in (0, 0.5)", search_range);
}

HnrAcf::HnrAcf(int n_fft, const HnrParams& params) : params_((params.validate(), params)), fft_(n_fft) {}

double HnrAcf::compute(const float* power, double period_samples) {
  const int n = fft_.size();
  const double lo_f = 1.0 - params_.search_range, hi_f = 1.0 + params_.search_range;
  if (!(period_samples >= 2.0 && period_samples * hi_f < n / 2.0)) {
    throw ParameterError("HNR: the period must lie in [2, n_fft/2/(1 + search_range)) samples (got " +
                         std::to_string(period_samples) + ")");
  }
  for (int k = 0; k < fft_.n_bins(); ++k) fft_.spectrum()[k] = power[k];
  fft_.inverse();
  const float* r = fft_.real();
  if (!(r[0] > 0.0f)) return 0.0;
  const int lo = static_cast<int>(std::floor(lo_f * period_samples));
  const int hi = static_cast<int>(std::ceil(hi_f * period_samples));
  float best = r[lo];
  for (int l = lo + 1; l <= hi; ++l) best = std::max(best, r[l]);
  const double rho = std::clamp(double(best) / r[0], 1e-10, 1.0 - 1e-10);
  return 10.0 * std::log10(rho / (1.0 - rho));
}

}  // namespace ser::dsp::voice
