// seremotion: audio through a lossy codec and back, for training on what real channels do to speech
// (train/audio_augmentation.h). lib/io is the library's one GStreamer user, so the codecs are
// GStreamer's own encoders and decoders, all in Debian's gstreamer1.0-plugins-{base,good,bad}:
//   opus     opusenc bitrate=B ! opusdec                                  (6 to 64 kb/s)
//   vorbis   vorbisenc bitrate=B ! vorbisdec                              (at 16 kHz: 8 to 64 kb/s)
//   mp3      lamemp3enc target=bitrate cbr=true bitrate=B ! mpegaudioparse ! mpg123audiodec (8 to 64 kb/s)
//   gsm      resampled to 8 kHz ! gsmenc ! gsmdec                         (13 kb/s, telephone)
//   mulaw    resampled to 8 kHz ! mulawenc ! mulawdec                     (64 kb/s G.711, telephone)
// The output is mono float at the input rate and of the input's length: the codec's delay is
// found by cross-correlation (at most 50 ms) and removed, and the end is zero-padded or cut.
#pragma once

#include <string>
#include <vector>

#include "common/span.h"

namespace ser::io {

enum class Codec { Opus, Vorbis, Mp3, Gsm, Mulaw };

// "opus", "vorbis", "mp3", "gsm", "mulaw".
const char* codec_name(Codec codec);
// Those names; ParameterError listing them otherwise.
Codec parse_codec(const std::string& name);
// The bitrates, in bits per second, that the codec takes here: [min, max] (fixed codecs: equal).
void codec_bitrate_range(Codec codec, int& min_bps, int& max_bps);

// `samples` (mono, at `sample_rate`) encoded with `codec` at `bitrate_bps` (clamped to its range)
// and decoded. Throws ser::Error naming the codec and GStreamer's reason when the pipeline cannot
// be built or fails (an encoder that is not installed says which package has it).
std::vector<float> codec_roundtrip(FloatSpan samples, int sample_rate, Codec codec, int bitrate_bps);

}  // namespace ser::io
