// seremotion: audio files in, mono float32 samples at a chosen rate out (GStreamer).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ser::io {

// How an AudioDecoder decodes.
struct DecoderOptions {
  int sample_rate = 16000;  // Hz of the output samples; 1 <= sample_rate <= 768000; default 16000
  // A file that is cut short (its header declares more audio than it holds) or damaged (an
  // element reported corrupt data, a decoder error came after some samples) is a DecodeError by
  // default. With accept_damaged, the samples that could be decoded are kept and
  // AudioInfo::damaged says what is wrong. Default false.
  bool accept_damaged = false;
  // Seconds without progress (no decoded samples, no message) after which a decode is abandoned
  // with a DecodeError; > 0; default 10. Bounds every wait, so a stuck element never hangs.
  double stall_timeout_seconds = 10.0;

  // Throws ser::ParameterError naming the field and its range.
  void validate() const;
};

// What the file was before conversion.
struct AudioInfo {
  std::string path;
  std::string type;               // the container/stream type GStreamer found, e.g. "audio/x-flac"
  int original_rate = 0;          // Hz, of the decoded stream before resampling
  int original_channels = 0;      // before the mix to mono
  double duration_seconds = 0.0;  // of the decoded audio: samples / sample_rate
  // Empty for a clean file. Otherwise what is wrong with it (cut short, damaged); only ever set
  // when DecoderOptions::accept_damaged let the decode succeed.
  std::string damaged;
};

struct DecodedAudio {
  std::vector<float> samples;     // mono, float32, at sample_rate
  int sample_rate = 0;
  AudioInfo info;
};

// Decodes any file GStreamer can read (WAV, FLAC, OGG, MP3, AIFF, ...) to mono float32 at
// `sample_rate`: filesrc ! decodebin ! audioconvert ! audioresample quality=10 ! appsink
// (F32LE, 1 channel, interleaved). Channels are averaged to mono (an even mix, not GStreamer's
// default surround downmix). A file already at the rate is not resampled, so 16-bit input gives
// exactly int16 / 32768. The first audio stream of a file is decoded; other streams are ignored.
//
// One object decodes many files: the pipeline is built once and cycled READY -> PLAYING -> READY
// for each file, so a file costs decoding plus a few hundred microseconds. Not thread-safe: use
// one per thread (several decoders in several threads at once are fine).
//
// Every failure is a ser::DecodeError whose message starts "cannot decode '<path>': " and says
// what is wrong: missing, a directory or not a regular file, unreadable, empty, not audio (no
// format recognised, or no audio stream in it), no decoder installed for its format, truncated
// or corrupt (see DecoderOptions::accept_damaged), holding no samples, or stalled. After a
// failure the same object decodes the next file normally.
//
// Truncation is detected where the file declares its length: FLAC (STREAMINFO), WAV (RIFF data
// chunk), AIFF, Ogg (end-of-stream page), MP4/M4A and Matroska/WebM (header duration). Raw MP3
// and other streams without a declared length cannot be checked: a cut MP3 decodes as a shorter
// clean one.
class AudioDecoder {
 public:
  explicit AudioDecoder(int sample_rate);
  explicit AudioDecoder(const DecoderOptions& options);
  ~AudioDecoder();
  AudioDecoder(const AudioDecoder&) = delete;
  AudioDecoder& operator=(const AudioDecoder&) = delete;

  int sample_rate() const;
  const DecoderOptions& options() const;

  DecodedAudio decode(const std::string& path);
  // The same, reusing the capacity of `samples` (its contents are replaced).
  void decode(const std::string& path, std::vector<float>& samples, AudioInfo& info);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One file, one decoder (builds a pipeline; prefer an AudioDecoder for many files).
DecodedAudio decode_file(const std::string& path, int sample_rate);

}  // namespace ser::io
