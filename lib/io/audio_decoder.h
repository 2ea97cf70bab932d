// seremotion: audio files in, mono float32 samples at a chosen rate out (GStreamer).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ser::io {

// What the file was before conversion.
struct AudioInfo {
  std::string path;
  int original_rate = 0;          // Hz
  int original_channels = 0;
  double duration_seconds = 0.0;  // of the decoded audio
};

struct DecodedAudio {
  std::vector<float> samples;     // mono, float32, at sample_rate
  int sample_rate = 0;
  AudioInfo info;
};

// Decodes any file GStreamer can read (WAV, FLAC, OGG, MP3, AIFF, ...) to mono float32 at
// `sample_rate`: filesrc ! decodebin ! audioconvert ! audioresample (high quality) ! appsink.
// Channels are averaged to mono; a file already at the rate is not resampled (16-bit input then
// gives exactly int16 / 32768).
//
// One object decodes many files: reusing it avoids building a pipeline per file. Not
// thread-safe: use one per thread. Every failure is a ser::DecodeError whose message names the
// file: missing, unreadable, not audio, truncated or corrupt, or holding no samples.
class AudioDecoder {
 public:
  explicit AudioDecoder(int sample_rate);
  ~AudioDecoder();
  AudioDecoder(const AudioDecoder&) = delete;
  AudioDecoder& operator=(const AudioDecoder&) = delete;

  int sample_rate() const;

  DecodedAudio decode(const std::string& path);
  // The same, reusing the capacity of `samples`.
  void decode(const std::string& path, std::vector<float>& samples, AudioInfo& info);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One file, one decoder.
DecodedAudio decode_file(const std::string& path, int sample_rate);

}  // namespace ser::io
