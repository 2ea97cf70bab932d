// seremotion: the audio the features accept.
//
// Float audio is nominally in [-1, 1]. Samples far beyond it are not a recording but a fault (a
// wrong conversion, garbage in a buffer): a sample of 1e30 makes the power spectrum overflow float
// and every feature NaN. The features refuse samples beyond kMaxSampleMagnitude as they refuse NaN
// and infinities; the element hears them as 0 instead (gst/mono_input.h).
#pragma once

#include <cmath>

#include "common/span.h"

namespace ser::features {

// 1e4, 80 dB above full scale: no gain staging reaches it, and n_fft (at most 65536) samples of it
// still square into a power spectrum far within float's range.
constexpr float kMaxSampleMagnitude = 1e4f;

// Whether the features take `x`: finite and within kMaxSampleMagnitude (false for NaN).
inline bool usable_sample(float x) { return std::fabs(x) <= kMaxSampleMagnitude; }

// Throws ParameterError when the span is empty or holds a sample that is not usable_sample, naming
// the first (like librosa's valid_audio): "audio sample 123 is NaN: features need finite samples",
// "audio sample 77 is 1e+30, beyond +-10000 (80 dB above full scale): ...".
void check_audio(FloatSpan audio);

}  // namespace ser::features
