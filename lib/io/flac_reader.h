// seremotion: plain 16-bit FLAC decoded by libFLAC itself, without a GStreamer pipeline.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ser::io {

// What a native FLAC file's STREAMINFO declares.
struct FlacStreamInfo {
  int sample_rate = 0;              // Hz
  int channels = 0;                 // 1 to 8
  int bits_per_sample = 0;          // 4 to 32
  std::uint64_t total_samples = 0;  // per channel; 0 when the encoder did not know
};

// The STREAMINFO of a native FLAC file ("fLaC", then the STREAMINFO block, as the format
// requires) read from its first bytes; nullopt for anything else (Ogg FLAC, an ID3 tag before
// the stream, another format, a head too short to hold it).
std::optional<FlacStreamInfo> read_flac_stream_info(const std::vector<unsigned char>& head);

// Decodes FLAC files whose output needs no conversion but the mean of channels: 16-bit samples at
// the output rate. The samples are those of AudioDecoder's GStreamer route for the same file,
// bit for bit (flacdec's 16-bit output through the same mix to mono, mono_mix.h; flacdec orders
// the channels of 3 or more otherwise, which cannot change the mean: a sum of up to 8 int16 is
// exact in float), at about half the cost (no pipeline to cycle, no parser, no conversion to
// 16-bit buffers).
//
// It only ever succeeds on a clean file: anything libFLAC reports (lost sync, a bad header, a
// frame's CRC mismatch; the MD5 signature is checked by neither route), a frame whose format
// differs from STREAMINFO, a sample count other than the declared total, or running out of
// memory makes decode() return false, and the caller decodes the file through GStreamer, whose
// verdict (error, damage, truncation) counts. Not thread-safe: one per thread.
class FlacReader {
 public:
  FlacReader();
  ~FlacReader();
  FlacReader(const FlacReader&) = delete;
  FlacReader& operator=(const FlacReader&) = delete;

  // Whether decode() can take a file of this STREAMINFO to `sample_rate` (16 bits, that rate,
  // 1 to 8 channels, a declared total).
  static bool suits(const FlacStreamInfo& info, int sample_rate);

  // Decodes `path`, whose head gave `info`, into `out` (cleared first) as mono float. True when
  // every declared sample decoded cleanly; false otherwise (`out` then holds a part, or nothing).
  bool decode(const std::string& path, const FlacStreamInfo& info, std::vector<float>& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ser::io
