// seremotion: GStreamer's error messages, said in terms of the file being decoded.
#pragma once

#include <gst/gst.h>

#include <string>

namespace ser::io {

// What a GStreamer ERROR message posted while decoding means for the file, e.g. "not an audio
// file: GStreamer recognises no format in it" for typefind's TYPE_NOT_FOUND, or "no GStreamer
// decoder is installed for audio/x-wma: install the plugin that provides it" for a missing
// plugin. `type`: what typefind found ("" if nothing), `undecodable`: the caps decodebin found no
// decoder for ("" if none). GStreamer's own sentence and the element follow in parentheses.
std::string describe_gst_error(const GError& error, const std::string& element, const std::string& type,
                               const std::string& undecodable);

}  // namespace ser::io
