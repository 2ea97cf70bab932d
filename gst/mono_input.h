// seremotion element: the input buffers as the mono float samples the model hears.
//
// The format (S16LE or F32LE, interleaved, any channel count) is chosen once, when caps are set;
// each buffer is then mixed to the mean of its channels (16-bit scaled by 1/32768, as lib/io
// and librosa read files), into a scratch vector that only grows. A GAP buffer is heard as
// silence whatever it holds. Samples the feature extractor refuses (NaN, infinite, or beyond
// features::kMaxSampleMagnitude, features/audio_check.h) become 0 in this copy (the audio passed
// on is untouched) and are counted.
#pragma once

#include <gst/audio/audio.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/span.h"

namespace ser::element {

class MonoInput {
 public:
  // format: GST_AUDIO_FORMAT_S16LE or GST_AUDIO_FORMAT_F32LE; channels >= 1. Returns false for
  // any other format.
  bool configure(GstAudioFormat format, int channels);
  int bytes_per_frame() const { return bytes_per_frame_; }

  // The mono samples of `bytes` bytes of interleaved audio (whole frames; a trailing partial
  // frame is ignored), valid until the next call.
  FloatSpan mix(const std::uint8_t* data, std::size_t bytes, bool gap);

  // Mono samples (frames) that were NaN, infinite or out of range and became 0, since the last
  // reset_count().
  std::uint64_t replaced() const { return replaced_; }
  void reset_count() { replaced_ = 0; }

 private:
  using Mix = void (*)(const std::uint8_t* data, std::size_t frames, int channels, std::vector<float>& out);

  Mix mix_ = nullptr;
  int channels_ = 1;
  int bytes_per_frame_ = 0;
  bool is_float_ = false;
  std::vector<float> mono_;
  std::uint64_t replaced_ = 0;
};

}  // namespace ser::element
