// seremotion: telling a file that was cut short from a short file.
#pragma once

#include <string>

namespace ser::io {

// Whether a decoded file holds less audio than it declares: a copy interrupted half-way decodes
// without any error from GStreamer, as a shorter file. Checked where the format declares its
// length:
//   - FLAC (STREAMINFO total samples) and AIFF (COMM frames): the duration upstream reported
//     at the first decoded buffer must be decoded, within 2 ms (resampling rounds);
//   - MP4/M4A, Matroska/WebM (header duration): the same within 0.1 s + 1% (codec delay);
//   - WAV: the RIFF data chunk's size against the bytes the file holds (GStreamer's wavparse
//     silently clips the declared size to the file, so its duration cannot tell);
//   - Ogg: the file must end with a complete page flagged end-of-stream.
// Raw MP3, ADTS AAC and other formats without a declared length cannot be checked.
//
// `type` is the media type GStreamer's typefind gave the file ("audio/x-flac", "audio/ogg", ...);
// `declared_seconds` the duration reported at the first buffer, < 0 when unknown;
// `decoded_seconds` what came out. Returns a sentence saying how the file is cut short, or ""
// when it is not or cannot be told. Reads at most the last 128 KiB (Ogg) or a few chunk headers
// (WAV) of the file.
std::string find_truncation(const std::string& path, const std::string& type, double declared_seconds,
                            double decoded_seconds);

}  // namespace ser::io
