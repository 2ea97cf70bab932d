// seremotion: the audio the features accept.
#pragma once

#include "common/span.h"

namespace ser::features {

// Throws ParameterError when the span is empty or holds a NaN or infinite sample, naming the first
// (like librosa's valid_audio): "audio sample 123 is NaN: features need finite samples".
void check_audio(FloatSpan audio);

}  // namespace ser::features
