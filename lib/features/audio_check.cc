#include "features/audio_check.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "common/error.h"
#include "dsp/simd.h"

namespace ser::features {
namespace {

// Whether every sample is finite: an exponent field of all ones is an infinity or a NaN. On the
// bits, in one pass without an early exit, so that it vectorises (simd.h).
SER_TARGET_CLONES bool all_finite(const float* x, size_t n) {
  uint32_t special = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, x + i, sizeof bits);
    special |= (bits & 0x7f800000u) == 0x7f800000u ? 1u : 0u;
  }
  return special == 0;
}

}  // namespace

void check_audio(FloatSpan audio) {
  if (audio.empty()) throw ParameterError("audio is empty: features need at least one sample");
  if (all_finite(audio.data(), audio.size())) return;
  for (size_t i = 0; i < audio.size(); ++i) {
    if (!std::isfinite(audio[i])) {
      throw ParameterError("audio sample " + std::to_string(i) + " is " + (std::isnan(audio[i]) ? "NaN" : "infinite") +
                           ": features need finite samples");
    }
  }
}

}  // namespace ser::features
