#include "io/gst_error_text.h"

namespace ser::io {

namespace {

std::string meaning(const GError& error, const std::string& type, const std::string& undecodable) {
  if (error.domain == GST_STREAM_ERROR) {
    switch (error.code) {
      case GST_STREAM_ERROR_TYPE_NOT_FOUND:
        return "not an audio file: GStreamer recognises no format in it";
      case GST_STREAM_ERROR_CODEC_NOT_FOUND:
        break;  // as a missing plugin, below
      case GST_STREAM_ERROR_WRONG_TYPE:
      case GST_STREAM_ERROR_DECODE:
      case GST_STREAM_ERROR_DEMUX:
      case GST_STREAM_ERROR_FORMAT:
        return "corrupt or unsupported data" + (type.empty() ? std::string() : " in this " + type + " file");
      default:
        return "the decoding pipeline failed";
    }
  } else if (error.domain == GST_RESOURCE_ERROR) {
    return "the file cannot be read";
  } else if (!(error.domain == GST_CORE_ERROR && error.code == GST_CORE_ERROR_MISSING_PLUGIN)) {
    return "the decoding pipeline failed";
  }
  const std::string what = !undecodable.empty() ? undecodable : !type.empty() ? type : std::string("its format");
  return "no GStreamer decoder is installed for " + what +
         ": install the plugin that provides one (gstreamer1.0-plugins-good, -bad, -ugly or gstreamer1.0-libav)";
}

}  // namespace

std::string describe_gst_error(const GError& error, const std::string& element, const std::string& type,
                               const std::string& undecodable) {
  std::string text = meaning(error, type, undecodable);
  text += " (GStreamer: ";
  text += error.message ? error.message : "no message";
  if (!element.empty()) text += " [" + element + "]";
  return text + ")";
}

}  // namespace ser::io
