// seremotion: what GStreamer's typefinders make of the first bytes of a file.
#pragma once

#include <string>
#include <vector>

namespace ser::io {

struct SniffedType {
  std::string caps;  // the full caps, e.g. "audio/mpeg, mpegversion=(int)1, layer=(int)3, ..."; "" if unknown
  std::string name;  // their media type, e.g. "audio/mpeg"
};

// Runs GStreamer's typefinders (those registered for the path's extension first) over `head`,
// the first bytes of the file at `path`. Returns an empty type unless some typefinder is at
// least likely (GST_TYPE_FIND_LIKELY) to be right. Costs a few tens of microseconds for 4 KiB.
SniffedType sniff_type(const std::string& path, const std::vector<unsigned char>& head);

}  // namespace ser::io
