// seremotion: one GStreamer pipeline that decodes one file at a time to mono float.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ser::io {

// What sits between the decoder and the appsink. Channels are never mixed there: every route
// keeps them, and the appsink's callback averages each frame while appending it.
enum class Route {
  kDirect,    // nothing: 16-bit or float samples, interleaved, already at the output rate
  kConvert,   // audioconvert to float (other sample formats at the output rate)
  kResample,  // audioconvert ! audioresample quality=10 (any other rate)
};

// What one DecodePipeline::run found out about a file.
struct PipelineRun {
  enum class End { kEos, kError, kNoAudio, kStalled };
  End end = End::kEos;
  std::string error;          // for kError: what GStreamer's ERROR means for the file
  bool stream_error = false;  // that ERROR was about the data (GST_STREAM_ERROR), not the setup
  std::string warning;        // the first WARNING (corrupt data a decoder skipped), if any
  std::string type;           // decodebin's typefind verdict; "" for a chain front
  bool audio_found = false;   // an audio stream reached the tail
  int original_rate = 0;      // Hz, of the decoded stream
  int original_channels = 0;
  std::string other_streams;     // media types of the streams that are not audio
  std::string undecodable;       // media types decodebin found no decoder for
  double declared_seconds = -1;  // duration upstream reported at the first buffer; < 0 unknown
  bool out_of_memory = false;
  bool unfit_audio = false;  // the audio's caps were refused (`error` says why); see unfit_audio()
  Route route = Route::kResample;  // the route the audio took
  // decodebin front: the factories it plugged between typefind and the audio, when they form a
  // plain chain (no demuxer with several streams): e.g. {"flacparse", "flacdec"}. Else empty.
  std::vector<std::string> chain;
};

// filesrc ! FRONT ! ROUTE ! appsink, built once and cycled READY -> PLAYING -> READY per file.
// FRONT is decodebin, which picks the route for each file from the decoded caps before any of
// them flows; or a fixed chain of the elements decodebin plugged for an earlier file of the same
// type, with the route that file took (skipping type finding and plugging: about 0.4 ms a file).
// A file that does not fit a chain's route fails with not-negotiated, and the caller then uses
// decodebin. The appsink's callback appends each buffer to the output: the one copy.
//
// filesrc works in push mode (see on_source_query). Every wait is bounded: run() returns
// kStalled when neither samples nor messages came for `stall_timeout_seconds`. Not thread-safe:
// one caller at a time; several pipelines in several threads are fine.
class DecodePipeline {
 public:
  // `chain`: empty for decodebin (then `route` is unused), else the factory names of the front,
  // in order. Throws ser::Error when an element is not installed or cannot be linked.
  DecodePipeline(int sample_rate, double stall_timeout_seconds, const std::vector<std::string>& chain = {},
                 Route route = Route::kResample);
  ~DecodePipeline();
  DecodePipeline(const DecodePipeline&) = delete;
  DecodePipeline& operator=(const DecodePipeline&) = delete;

  // Decodes `path` (a readable regular file), appending to `out` (which it clears first).
  PipelineRun run(const std::string& path, std::vector<float>& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ser::io
