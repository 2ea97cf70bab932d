// seremotion: audio files in, mono float32 samples at a chosen rate out (GStreamer).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ser::io {

// Hz: the highest sample rate decoded to, and from (a file declaring more is refused as damaged).
constexpr int kMaxSampleRate = 768000;

// How an AudioDecoder decodes.
struct DecoderOptions {
  // Hz of the output samples; 1 <= sample_rate <= kMaxSampleRate (768000); default 22050 (librosa.load's sr).
  int sample_rate = 22050;
  // A file that is cut short (its header declares more audio than it holds) or damaged (an
  // element reported corrupt data, a decoder error came after some samples) is a DecodeError by
  // default. With accept_damaged, the samples that could be decoded are kept and
  // AudioInfo::damaged says what is wrong. Default false.
  bool accept_damaged = false;
  // Seconds without progress (no decoded samples, no message) after which a decode is abandoned
  // with a DecodeError; 0 < stall_timeout_seconds <= 86400; default 10. Bounds every wait, so a
  // stuck element never hangs the caller.
  double stall_timeout_seconds = 10.0;
  // Once decodebin has plugged a format, decode later files of that format through the same
  // elements without decodebin (the same samples, about 0.4 ms less a file). false: decodebin
  // for every file. Default true.
  bool reuse_chains = true;
  // Decode native FLAC files of 16-bit samples at `sample_rate` with libFLAC directly, without a
  // GStreamer pipeline: the same samples, about half the cost (0.4 instead of 0.8-1.0 ms for a
  // 3.7 s 16 kHz file; tests/bench/bench_decode). Any file it cannot decode cleanly goes through
  // GStreamer, whose verdict counts (flac_reader.h). false: GStreamer for every file. Default true.
  bool native_flac = true;

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
  std::vector<float> samples;  // mono, float32, at sample_rate
  int sample_rate = 0;
  AudioInfo info;
};

// Decodes any file GStreamer can read (WAV, FLAC, OGG, MP3, AIFF, ...) to mono float32 at
// `sample_rate`, like librosa.load(path, sr=sample_rate, mono=True): filesrc ! decodebin !
// audioconvert ! audioresample quality=10 ! appsink. Channels are averaged to mono (the plain
// mean, as librosa.to_mono takes it, not GStreamer's weighted surround downmix). Samples that are
// already 16-bit or float at the rate skip audioconvert and audioresample, so 16-bit input gives
// exactly int16 / 32768, as soundfile reads it. Resampled output differs from librosa's default
// (soxr_hq) by the resampler's own error. Only the first audio stream of a file is decoded.
//
// One object decodes many files: its pipelines are built once and cycled READY -> PLAYING ->
// READY per file, and once decodebin has plugged a format, later files of that format skip type
// finding and plugging (see decode_pipeline.h). A 3.7 s 16 kHz FLAC decoded at 16 kHz that way
// costs about 0.8 ms of CPU, half of it libFLAC; a new decoder per file about 1.8 ms. Native FLAC
// of 16-bit samples at the output rate (every corpus file) skips GStreamer: libFLAC alone, the
// same samples, about 0.4 ms (DecoderOptions::native_flac; tests/bench/bench_decode). Resampling
// at quality 10 adds about 1.5 ms a file (its filter is built per file) and 0.5 to 1 ms per second
// of audio. Not thread-safe: use one per thread (several decoders in several threads at once are
// fine).
//
// Every failure is a ser::DecodeError whose message starts "cannot decode '<path>': " and says
// what is wrong: missing, a directory or not a regular file, unreadable, empty, not audio (no
// format recognised, or no audio stream in it), no decoder installed for its format, an audio
// format that cannot be converted or a declared sample rate above kMaxSampleRate (768 kHz: a
// damaged or hostile header, which GStreamer's resampler would otherwise try to allocate for),
// truncated or corrupt (see DecoderOptions::accept_damaged), holding no samples, or stalled. After a
// failure the same object decodes the next file normally.
//
// A file cut short decodes without a word from GStreamer, as a shorter file. The decoder tells
// where the file declares its length: FLAC (STREAMINFO), WAV (RIFF data chunk), AIFF (COMM), Ogg
// (end-of-stream page), MP4/M4A and Matroska/WebM (header duration); see truncation.h. Such a
// file, or one a decoder reported corrupt data in, is a DecodeError unless accept_damaged is
// set: a training set should not learn from half a file without anyone knowing. Raw MP3 and
// other streams without a declared length cannot be checked: a cut MP3 decodes as a shorter
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
  // The same, reusing the capacity of `samples` (its contents are replaced). After a
  // DecodeError, `samples` holds whatever was decoded and `info` is unchanged.
  void decode(const std::string& path, std::vector<float>& samples, AudioInfo& info);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One file, one decoder (may build a pipeline; prefer an AudioDecoder for many files).
DecodedAudio decode_file(const std::string& path, int sample_rate);

}  // namespace ser::io
