#include "mono_input.h"

#include "features/audio_check.h"
#include "io/mono_mix.h"

namespace ser::element {
namespace {

void mix_s16(const std::uint8_t* data, std::size_t frames, int channels, std::vector<float>& out) {
  io::append_mono(reinterpret_cast<const std::int16_t*>(data), frames, channels, out);
}

void mix_f32(const std::uint8_t* data, std::size_t frames, int channels, std::vector<float>& out) {
  io::append_mono(reinterpret_cast<const float*>(data), frames, channels, out);
}

}  // namespace

bool MonoInput::configure(GstAudioFormat format, int channels) {
  if (channels < 1) return false;
  switch (format) {
    case GST_AUDIO_FORMAT_S16LE:
      mix_ = mix_s16;
      bytes_per_frame_ = 2 * channels;
      is_float_ = false;
      break;
    case GST_AUDIO_FORMAT_F32LE:
      mix_ = mix_f32;
      bytes_per_frame_ = 4 * channels;
      is_float_ = true;
      break;
    default:
      return false;
  }
  channels_ = channels;
  return true;
}

FloatSpan MonoInput::mix(const std::uint8_t* data, std::size_t bytes, bool gap) {
  const std::size_t frames = bytes_per_frame_ > 0 ? bytes / static_cast<std::size_t>(bytes_per_frame_) : 0;
  mono_.clear();
  if (mix_ == nullptr) return FloatSpan(mono_);
  if (gap) {
    mono_.resize(frames, 0.0f);
    return FloatSpan(mono_);
  }
  mix_(data, frames, channels_, mono_);
  // Only float input can hold NaN, infinity or huge values; a NaN in any channel makes the mean
  // NaN, and two channels near float's maximum sum to infinity.
  if (is_float_) {
    for (float& x : mono_) {
      if (!features::usable_sample(x)) {
        x = 0.0f;
        ++replaced_;
      }
    }
  }
  return FloatSpan(mono_);
}

}  // namespace ser::element
