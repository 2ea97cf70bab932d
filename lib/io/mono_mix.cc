#include "io/mono_mix.h"

namespace ser::io {

namespace {

// One pass, writing straight into the grown tail of `out`; `scale` folds the 1/channels of the
// mean and any integer-to-float scale into one multiplication.
template <typename T>
void append_mean(const T* in, std::size_t frames, int channels, float scale, std::vector<float>& out) {
  const std::size_t start = out.size();
  out.resize(start + frames);
  float* dst = out.data() + start;
  if (channels == 1) {
    for (std::size_t i = 0; i < frames; ++i) dst[i] = static_cast<float>(in[i]) * scale;
    return;
  }
  for (std::size_t i = 0; i < frames; ++i, in += channels) {
    float sum = 0.0f;
    for (int c = 0; c < channels; ++c) sum += static_cast<float>(in[c]);
    dst[i] = sum * scale;
  }
}

}  // namespace

void append_mono(const std::int16_t* in, std::size_t frames, int channels, std::vector<float>& out) {
  append_mean(in, frames, channels, 1.0f / (32768.0f * static_cast<float>(channels)), out);
}

void append_mono(const float* in, std::size_t frames, int channels, std::vector<float>& out) {
  if (channels == 1) {
    out.insert(out.end(), in, in + frames);
    return;
  }
  append_mean(in, frames, channels, 1.0f / static_cast<float>(channels), out);
}

}  // namespace ser::io
