#include "io/audio_decoder.h"

#include <map>

#include "common/error.h"
#include "io/decode_error.h"
#include "io/decode_pipeline.h"
#include "io/flac_reader.h"
#include "io/input_file.h"
#include "io/truncation.h"
#include "io/type_sniffer.h"

namespace ser::io {

void DecoderOptions::validate() const {
  if (sample_rate < 1 || sample_rate > kMaxSampleRate) {
    throw ParameterError("sample_rate must lie in [1, " + std::to_string(kMaxSampleRate) + "] Hz (got " +
                         std::to_string(sample_rate) + ")");
  }
  if (!(stall_timeout_seconds > 0 && stall_timeout_seconds <= 86400)) {
    throw ParameterError("stall_timeout_seconds must lie in (0, 86400] s (got " +
                         std::to_string(stall_timeout_seconds) + ")");
  }
}

namespace {

// Enough for every typefinder that can decide from the head of a file.
constexpr size_t kHeadBytes = 4096;
// Formats seen in one decoder's life rarely exceed a handful; past this, files of new types
// simply go through decodebin.
constexpr size_t kMaxChains = 8;

// The DecodeError for a run that produced nothing usable. `type`: the file's media type, if known.
DecodeError failure(const std::string& path, const PipelineRun& run, const std::string& type, double stall_seconds) {
  if (run.out_of_memory) return decode_error(path, "out of memory while decoding");
  if (run.end == PipelineRun::End::kStalled) {
    return decode_error(path, "decoding stalled: nothing happened for " + format_seconds(stall_seconds));
  }
  // Refused audio is told as such, even beside a video stream.
  if (run.unfit_audio) return decode_error(path, run.error);
  const std::string this_file = type.empty() ? "it" : "this " + type + " file";
  if (!run.audio_found) {
    // Whatever GStreamer said, a file without an audio stream is best told as such.
    if (run.undecodable.rfind("audio/", 0) == 0) {
      return decode_error(path, "no GStreamer decoder is installed for its audio (" + run.undecodable +
                                    "): install the plugin that provides one");
    }
    const std::string found = run.other_streams.empty() ? run.undecodable : run.other_streams;
    if (!found.empty()) {
      return decode_error(path, "not an audio file: " + this_file + " holds no audio stream (only " + found + ")");
    }
  }
  if (run.end == PipelineRun::End::kError) {
    // A cut file often fails outright (the demuxer finds no complete stream): say so first.
    const std::string cut = find_truncation(path, type, run.declared_seconds, 0.0);
    return decode_error(path, cut.empty() ? run.error : cut + "; " + run.error);
  }
  if (!run.audio_found) return decode_error(path, "not an audio file: " + this_file + " holds no audio stream");
  return decode_error(path, this_file + " holds no audio samples (its audio stream is empty)");
}

}  // namespace

// Files go through decodebin until one of their type has shown which elements decodebin
// plugs for it and which route its audio takes; from then on, files whose head sniffs to that
// type go through a pipeline of exactly those elements and that route. Anything but a clean end
// there (a file of the same type needing another route fails to negotiate) is retried through
// decodebin, whose verdict counts: the shortcut never changes a result, only its cost.
struct AudioDecoder::Impl {
  explicit Impl(const DecoderOptions& o)
      : options((o.validate(), o)), general(o.sample_rate, o.stall_timeout_seconds) {}

  void decode(const std::string& path, std::vector<float>& samples, AudioInfo& info);
  bool decode_natively(const std::string& path, const InputFile& file, std::vector<float>& samples, AudioInfo& info);
  PipelineRun run(const std::string& path, const SniffedType& type, std::vector<float>& samples);
  void learn(const SniffedType& type, const PipelineRun& run);

  DecoderOptions options;
  DecodePipeline general;
  FlacReader flac;
  // Sniffed caps -> the route its last file took, and a chain pipeline per (caps, route).
  std::map<std::string, Route> last_route;
  std::map<std::pair<std::string, Route>, std::unique_ptr<DecodePipeline>> chains;
};

void AudioDecoder::Impl::learn(const SniffedType& type, const PipelineRun& run) {
  if (!options.reuse_chains || type.caps.empty() || run.chain.empty()) return;
  const auto key = std::make_pair(type.caps, run.route);
  if (!chains.count(key)) {
    if (chains.size() >= kMaxChains) return;
    try {
      chains.emplace(key, std::make_unique<DecodePipeline>(options.sample_rate, options.stall_timeout_seconds,
                                                           run.chain, run.route));
    } catch (const Error&) {
      return;  // decodebin can always be used instead
    }
  }
  last_route[type.caps] = run.route;
}

PipelineRun AudioDecoder::Impl::run(const std::string& path, const SniffedType& type, std::vector<float>& samples) {
  if (auto known = last_route.find(type.caps); known != last_route.end()) {
    PipelineRun run = chains.at({type.caps, known->second})->run(path, samples);
    if (run.end == PipelineRun::End::kEos && !samples.empty() && run.audio_found) return run;
  }
  PipelineRun run = general.run(path, samples);
  if (run.end == PipelineRun::End::kEos && !samples.empty()) learn(type, run);
  return run;
}

// A clean 16-bit FLAC file at the output rate: libFLAC alone, no pipeline (the same samples).
bool AudioDecoder::Impl::decode_natively(const std::string& path, const InputFile& file, std::vector<float>& samples,
                                         AudioInfo& info) {
  if (!options.native_flac) return false;
  const auto stream = read_flac_stream_info(file.head);
  if (!stream || !FlacReader::suits(*stream, options.sample_rate) || !flac.decode(path, *stream, samples)) return false;
  info.path = path;
  info.type = "audio/x-flac";
  info.original_rate = stream->sample_rate;
  info.original_channels = stream->channels;
  info.duration_seconds = static_cast<double>(samples.size()) / options.sample_rate;
  info.damaged.clear();
  return true;
}

void AudioDecoder::Impl::decode(const std::string& path, std::vector<float>& samples, AudioInfo& info) {
  const InputFile file = inspect_input_file(path, kHeadBytes);
  if (decode_natively(path, file, samples, info)) return;
  const SniffedType type = sniff_type(path, file.head);
  const PipelineRun run = this->run(path, type, samples);

  // An error after samples is damage (a corrupt frame, a cut stream), not a failure to decode.
  const bool error_after_samples = run.end == PipelineRun::End::kError && run.stream_error && run.audio_found &&
                                   !samples.empty() && !run.out_of_memory;
  const std::string kind = !type.name.empty() ? type.name : run.type;
  if (!(run.end == PipelineRun::End::kEos || error_after_samples) || samples.empty() || !run.audio_found) {
    throw failure(path, run, kind, options.stall_timeout_seconds);
  }
  const double decoded_seconds = static_cast<double>(samples.size()) / options.sample_rate;
  std::string damaged = error_after_samples ? run.error : run.warning;
  if (damaged.empty()) damaged = find_truncation(path, kind, run.declared_seconds, decoded_seconds);
  if (!damaged.empty() && !options.accept_damaged) {
    // Said for the person who runs a tool as much as for a library caller. A warning is damage a
    // decoder skipped and went on after; otherwise the audio stops where the damage is.
    const std::string decoded = run.warning.empty() || error_after_samples
                                    ? "only the first " + format_seconds(decoded_seconds) + " decode"
                                    : format_seconds(decoded_seconds) + " decode around it";
    throw decode_error(path, damaged + " (" + decoded +
                                 ": use an intact copy of the file; a program using the library can keep what "
                                 "decodes with DecoderOptions::accept_damaged)");
  }
  info.path = path;
  info.type = kind;
  info.original_rate = run.original_rate;
  info.original_channels = run.original_channels;
  info.duration_seconds = decoded_seconds;
  info.damaged = damaged;
}

AudioDecoder::AudioDecoder(int sample_rate) : AudioDecoder(DecoderOptions{sample_rate}) {}

AudioDecoder::AudioDecoder(const DecoderOptions& options) : impl_(std::make_unique<Impl>(options)) {}

AudioDecoder::~AudioDecoder() = default;

int AudioDecoder::sample_rate() const { return impl_->options.sample_rate; }

const DecoderOptions& AudioDecoder::options() const { return impl_->options; }

DecodedAudio AudioDecoder::decode(const std::string& path) {
  DecodedAudio result;
  decode(path, result.samples, result.info);
  result.sample_rate = impl_->options.sample_rate;
  return result;
}

void AudioDecoder::decode(const std::string& path, std::vector<float>& samples, AudioInfo& info) {
  impl_->decode(path, samples, info);
}

DecodedAudio decode_file(const std::string& path, int sample_rate) { return AudioDecoder(sample_rate).decode(path); }

}  // namespace ser::io
