#include "dsp/voice/jitter.h"

#include <cmath>

namespace ser::dsp::voice {

double jitter_local(Span<const GlottalPeriod> periods) {
  double sum_diff = 0.0, sum_length = 0.0;
  int pairs = 0;
  for (size_t i = 0; i < periods.size(); ++i) {
    sum_length += static_cast<double>(periods[i].length);
    if (i > 0 && periods[i].follows) {
      sum_diff += std::fabs(static_cast<double>(periods[i].length) - static_cast<double>(periods[i - 1].length));
      ++pairs;
    }
  }
  if (pairs == 0 || sum_length <= 0.0) return 0.0;
  return (sum_diff / pairs) / (sum_length / static_cast<double>(periods.size()));
}

}  // namespace ser::dsp::voice
