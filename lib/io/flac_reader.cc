#include "io/flac_reader.h"

#include <FLAC/stream_decoder.h>

#include <cstddef>
#include <new>

#include "io/mono_mix.h"

namespace ser::io {

std::optional<FlacStreamInfo> read_flac_stream_info(const std::vector<unsigned char>& head) {
  // "fLaC", a metadata block header (last-block flag and type 0 = STREAMINFO, 24-bit length 34),
  // then STREAMINFO: block sizes (4 bytes), frame sizes (6), and at byte 10 the sample rate (20
  // bits), channels - 1 (3), bits per sample - 1 (5) and the total samples (36).
  constexpr size_t kInfo = 8;
  if (head.size() < kInfo + 34) return std::nullopt;
  if (head[0] != 'f' || head[1] != 'L' || head[2] != 'a' || head[3] != 'C') return std::nullopt;
  if ((head[4] & 0x7f) != 0 || head[5] != 0 || head[6] != 0 || head[7] != 34) return std::nullopt;
  const unsigned char* p = head.data() + kInfo + 10;
  FlacStreamInfo info;
  info.sample_rate = (p[0] << 12) | (p[1] << 4) | (p[2] >> 4);
  info.channels = ((p[2] >> 1) & 0x7) + 1;
  info.bits_per_sample = (((p[2] & 0x1) << 4) | (p[3] >> 4)) + 1;
  info.total_samples = (std::uint64_t(p[3] & 0xf) << 32) | (std::uint64_t(p[4]) << 24) | (std::uint64_t(p[5]) << 16) |
                       (std::uint64_t(p[6]) << 8) | std::uint64_t(p[7]);
  if (info.sample_rate == 0 || info.bits_per_sample < 4) return std::nullopt;
  return info;
}

namespace {

// One file's decoding, as the callbacks see it.
struct Decoding {
  const FlacStreamInfo* info = nullptr;
  std::vector<float>* out = nullptr;
  std::uint64_t decoded = 0;
  bool failed = false;
  std::vector<std::int16_t> interleaved;  // a frame's samples, as flacdec would hand them over
};

void append_frame(Decoding& s, std::size_t n, const FLAC__int32* const channels[]) {
  const int c = s.info->channels;
  s.interleaved.resize(n * static_cast<std::size_t>(c));
  for (int k = 0; k < c; ++k) {
    const FLAC__int32* in = channels[k];
    for (std::size_t i = 0; i < n; ++i) s.interleaved[i * c + k] = static_cast<std::int16_t>(in[i]);
  }
  append_mono(s.interleaved.data(), n, c, *s.out);
}

FLAC__StreamDecoderWriteStatus on_frame(const FLAC__StreamDecoder*, const FLAC__Frame* frame,
                                        const FLAC__int32* const channels[], void* data) {
  auto& s = *static_cast<Decoding*>(data);
  const FLAC__FrameHeader& h = frame->header;
  const auto n = static_cast<std::size_t>(h.blocksize);
  // A frame may change the format in the middle of a stream; GStreamer would renegotiate.
  if (s.failed || int(h.channels) != s.info->channels || int(h.bits_per_sample) != 16 ||
      int(h.sample_rate) != s.info->sample_rate || s.decoded + n > s.info->total_samples) {
    s.failed = true;
    return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
  }
  // No exception may cross libFLAC's C frames (and its file would stay open): out of memory
  // aborts, and GStreamer's route then gives its verdict ("out of memory while decoding").
  try {
    append_frame(s, n, channels);
  } catch (const std::bad_alloc&) {
    s.failed = true;
    return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
  }
  s.decoded += n;
  return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

void on_error(const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void* data) {
  static_cast<Decoding*>(data)->failed = true;
}

}  // namespace

// The libFLAC decoder is kept from file to file (its buffers are allocated once).
struct FlacReader::Impl {
  Impl() : decoder(FLAC__stream_decoder_new()) {}
  ~Impl() {
    if (decoder) FLAC__stream_decoder_delete(decoder);
  }
  FLAC__StreamDecoder* decoder;
  Decoding state;
};

FlacReader::FlacReader() : impl_(std::make_unique<Impl>()) {}

FlacReader::~FlacReader() = default;

bool FlacReader::suits(const FlacStreamInfo& info, int sample_rate) {
  return info.bits_per_sample == 16 && info.sample_rate == sample_rate && info.channels >= 1 && info.channels <= 8 &&
         info.total_samples > 0;
}

bool FlacReader::decode(const std::string& path, const FlacStreamInfo& info, std::vector<float>& out) {
  out.clear();
  FLAC__StreamDecoder* decoder = impl_->decoder;
  if (!decoder || !suits(info, info.sample_rate)) return false;
  Decoding& s = impl_->state;
  s.info = &info;
  s.out = &out;
  s.decoded = 0;
  s.failed = false;
  if (FLAC__stream_decoder_init_file(decoder, path.c_str(), on_frame, nullptr, on_error, &s) !=
      FLAC__STREAM_DECODER_INIT_STATUS_OK) {
    return false;
  }
  const bool ran = FLAC__stream_decoder_process_until_end_of_stream(decoder);
  const bool at_end = FLAC__stream_decoder_get_state(decoder) == FLAC__STREAM_DECODER_END_OF_STREAM;
  FLAC__stream_decoder_finish(decoder);
  return ran && at_end && !s.failed && s.decoded == info.total_samples;
}

}  // namespace ser::io
