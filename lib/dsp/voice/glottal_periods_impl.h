// seremotion: the template part of glottal_periods.h.
#pragma once

#include <algorithm>
#include <cmath>

namespace ser::dsp::voice {

template <typename PeriodAt>
void glottal_periods(FloatSpan x, size_t begin, size_t end, PeriodAt period_at, const GlottalPeriodsParams& params,
                     std::vector<GlottalPeriod>& out) {
  out.clear();
  end = std::min(end, x.size());
  size_t p = begin;
  bool chained = false;
  while (p < end) {
    const double t0 = period_at(p);
    if (!(t0 >= 2.0)) break;
    const size_t lo = static_cast<size_t>(std::floor(t0 * (1.0 - params.search_range)));
    const size_t hi = static_cast<size_t>(std::ceil(t0 * (1.0 + params.search_range)));
    if (lo < 1 || p + 2 * hi > end) break;
    size_t length = 0;
    const double cc = best_period_length(x, p, lo, hi, length);
    if (cc >= params.min_correlation) {
      double energy = 0.0;
      for (size_t i = p; i < p + length; ++i) energy += double(x[i]) * x[i];
      out.push_back({p, length, static_cast<float>(std::sqrt(energy / double(length))), chained});
      chained = true;
      p += length;
    } else {
      chained = false;
      p += static_cast<size_t>(std::lround(t0));
    }
  }
}

}  // namespace ser::dsp::voice
