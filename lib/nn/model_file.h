// seremotion: reading and writing a model file as a whole, with errors that name it.
#pragma once

#include <cstdint>
#include <string>

namespace ser::nn {

// The largest model file read (1 GiB): far above any network of the zoo, low enough that a
// wrong path (a disk image, a video) is refused rather than read into memory.
constexpr std::uint64_t kMaxModelFileBytes = std::uint64_t{1} << 30;

// The bytes of `path`. Throws ModelError naming the file when it is missing, not a regular file,
// unreadable, empty or larger than kMaxModelFileBytes.
std::string read_model_file(const std::string& path);

// Writes `bytes` to `path` whole or not at all (common/atomic_file.h: a temporary file beside it,
// fsync, rename), so that a reader or a kill never leaves half a model. Throws ModelError naming
// the file on failure.
void write_model_file(const std::string& path, const std::string& bytes);

}  // namespace ser::nn
