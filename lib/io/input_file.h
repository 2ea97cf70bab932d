// seremotion: what can be told about an input file before GStreamer sees it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ser::io {

struct InputFile {
  std::uint64_t size = 0;           // bytes
  std::vector<unsigned char> head;  // the first min(size, head_bytes) bytes
};

// Checks that `path` names a regular file that this process can open for reading and that is
// not empty, and reads its first `head_bytes` bytes (for type finding). Otherwise throws a
// DecodeError naming the file and the problem: no such file, a directory, not a regular file (a
// FIFO or device would block the decoder), permission denied, empty, unreadable. These are the
// common mistakes, and GStreamer's own messages for them are vaguer ("Resource not found",
// "Stream contains no data").
InputFile inspect_input_file(const std::string& path, std::size_t head_bytes);

}  // namespace ser::io
