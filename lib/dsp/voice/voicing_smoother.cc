#include "dsp/voice/voicing_smoother.h"

#include <algorithm>
#include <cmath>

#include "common/require.h"

namespace ser::dsp::voice {

void VoicingSmootherParams::validate() const {
  require_parameter(threshold > 0 && threshold < 1, "VoicingSmootherParams", "threshold", "in (0, 1)", threshold);
  require_parameter(confidence > 0 && std::isfinite(confidence), "VoicingSmootherParams", "confidence",
                    "finite and > 0", confidence);
  require_parameter(jump_cost >= 0 && std::isfinite(jump_cost), "VoicingSmootherParams", "jump_cost",
                    "finite and >= 0", jump_cost);
  require_parameter(switch_cost >= 0 && std::isfinite(switch_cost), "VoicingSmootherParams", "switch_cost",
                    "finite and >= 0", switch_cost);
}

VoicingSmoother::VoicingSmoother(const VoicingSmootherParams& params) : params_(params) { params_.validate(); }

void VoicingSmoother::compute(const double* voicing, const double* f0, size_t n,
                              std::vector<unsigned char>& voiced) {
  voiced.assign(n, 0);
  if (n == 0) return;
  from_voiced_.resize(2 * n);
  const double th = params_.threshold, a = params_.confidence, sw = params_.switch_cost;
  auto cost_unvoiced = [&](size_t t) { return a * std::max(0.0, voicing[t] - th); };
  auto cost_voiced = [&](size_t t) { return a * std::max(0.0, th - voicing[t]); };
  double u = cost_unvoiced(0), v = cost_voiced(0);
  for (size_t t = 1; t < n; ++t) {
    // Ties keep the previous state (unvoiced first, as in the search order).
    const double u_from_u = u, u_from_v = v + sw;
    double jump = 0.0;
    if (f0 && params_.jump_cost > 0 && f0[t] > 0 && f0[t - 1] > 0)
      jump = params_.jump_cost * std::abs(12.0 * std::log2(f0[t] / f0[t - 1]));
    const double v_from_u = u + sw, v_from_v = v + jump;
    from_voiced_[2 * t] = u_from_v < u_from_u;
    from_voiced_[2 * t + 1] = !(v_from_u <= v_from_v);
    u = std::min(u_from_u, u_from_v) + cost_unvoiced(t);
    v = std::min(v_from_u, v_from_v) + cost_voiced(t);
  }
  bool state = v < u;
  for (size_t t = n; t-- > 0;) {
    voiced[t] = state;
    if (t > 0) state = from_voiced_[2 * t + (state ? 1 : 0)];
  }
}

}  // namespace ser::dsp::voice
