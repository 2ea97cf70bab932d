#include "dsp/voice/shimmer.h"

#include <cmath>

namespace ser::dsp::voice {

double shimmer_local_db(Span<const GlottalPeriod> periods) {
  double sum = 0.0;
  int pairs = 0;
  for (size_t i = 1; i < periods.size(); ++i) {
    if (!periods[i].follows || periods[i].amplitude <= 0.0f || periods[i - 1].amplitude <= 0.0f) continue;
    sum += std::fabs(20.0 * std::log10(double(periods[i].amplitude) / double(periods[i - 1].amplitude)));
    ++pairs;
  }
  return pairs ? sum / pairs : 0.0;
}

}  // namespace ser::dsp::voice
