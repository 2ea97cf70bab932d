#include "features/silence_gate.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::features {

double rms_dbfs(FloatSpan samples) {
  if (samples.empty()) return kFloorDbfs;
  double sum = 0;
  for (float x : samples) sum += static_cast<double>(x) * x;
  const double mean_square = sum / static_cast<double>(samples.size());
  // 10 log10 of the mean square is 20 log10 of the RMS, without the square root.
  return mean_square > 0 ? std::max(kFloorDbfs, 10.0 * std::log10(mean_square)) : kFloorDbfs;
}

void SilenceGate::validate() const {
  if (!(threshold_db >= kFloorDbfs && threshold_db <= 0)) {
    throw ParameterError("the silence threshold must be in [-200, 0] dBFS (got " + std::to_string(threshold_db) + ")");
  }
}

}  // namespace ser::features
