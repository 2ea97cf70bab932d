#include "features/audio_check.h"

#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>

#include "common/error.h"
#include "dsp/simd.h"

namespace ser::features {
namespace {

// Whether every sample is usable: on the bits with the sign cleared (NaN and infinities are above
// every finite magnitude), in one pass without an early exit, so that it vectorises (simd.h).
SER_TARGET_CLONES bool all_usable(const float* x, size_t n) {
  uint32_t limit;
  std::memcpy(&limit, &kMaxSampleMagnitude, sizeof limit);
  uint32_t over = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, x + i, sizeof bits);
    over |= (bits & 0x7fffffffu) > limit ? 1u : 0u;
  }
  return over == 0;
}

}  // namespace

void check_audio(FloatSpan audio) {
  if (audio.empty()) throw ParameterError("audio is empty: features need at least one sample");
  if (all_usable(audio.data(), audio.size())) return;
  for (size_t i = 0; i < audio.size(); ++i) {
    const float x = audio[i];
    if (usable_sample(x)) continue;
    if (!std::isfinite(x)) {
      throw ParameterError("audio sample " + std::to_string(i) + " is " + (std::isnan(x) ? "NaN" : "infinite") +
                           ": features need finite samples");
    }
    std::ostringstream msg;
    msg << "audio sample " << i << " is " << x << ", beyond +-" << kMaxSampleMagnitude
        << " (80 dB above full scale): features need samples of a plausible level (is the audio scaled right?)";
    throw ParameterError(msg.str());
  }
}

}  // namespace ser::features
