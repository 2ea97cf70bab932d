// seremotion: interleaved multichannel samples to their mono mean, appended to a vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ser::io {

// out += mean over channels of each frame of `in` (interleaved, `channels` >= 1).
// 16-bit samples are scaled by 1/32768, as librosa/soundfile read them. For 1, 2, 4 or 8
// channels the result is exact (an exact sum times a power of two); otherwise it is within
// 2 ulp of the mean. Grows `out` by `frames`; no other allocation.
void append_mono(const std::int16_t* in, std::size_t frames, int channels, std::vector<float>& out);
void append_mono(const float* in, std::size_t frames, int channels, std::vector<float>& out);

}  // namespace ser::io
