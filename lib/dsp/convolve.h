// seremotion: linear convolution by FFT (scipy.signal.fftconvolve(x, h)[:len(x)]), for impulse
// responses too long to convolve directly, such as a room's (train/audio_augmentation.h).
#pragma once

#include <vector>

#include "common/span.h"

namespace ser::dsp {

// The first x.size() samples of the full convolution x * h (the tail past the input is cut, as a
// recording stops when the speaker does). Empty x or h gives x.size() zeros. One FFT size, the
// power of two >= x.size() + h.size() - 1; float transforms (relative error about 1e-6 of the peak).
std::vector<float> convolve(FloatSpan x, FloatSpan h);

}  // namespace ser::dsp
