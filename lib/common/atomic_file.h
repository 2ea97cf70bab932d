// seremotion: files written whole or not at all, and the checks that they can be, made first.
//
// Every file seremotion writes for later (model bundles, feature-cache entries, reports and
// plots) goes through write_file_atomically: into a temporary file beside the target, flushed to
// the disk (fsync), renamed over the target, then the folder flushed. A reader sees the old file or
// the new one whole; a kill or a crash at any moment leaves no truncated file under the target's
// name that looks complete (at most a temporary "<name>.tmp.<pid>.<n>" beside it).
//
// The checks let a long job (ser-train train) refuse an output it could not write before it
// starts, rather than after an hour of training.
#pragma once

#include <string>
#include <string_view>

namespace ser {

// Writes `bytes` to `path` as described above. Throws ser::Error naming the file and the system's
// reason (no such folder, permission denied, disk full) when it cannot.
void write_file_atomically(const std::string& path, std::string_view bytes);

// Whether write_file_atomically(path) can succeed, checked without writing: the folder exists and
// may be written, `path` is not a folder, and unless `replace` no file is there yet. Throws
// ser::Error naming `what` (e.g. "--output"), the path and what to change.
void check_file_writable(const std::string& path, bool replace, const std::string& what);

// Whether the folder `dir` is there or can be made: it is a folder, or the nearest existing folder
// above it may be written. Throws ser::Error naming `what`, the path and what to change.
void check_folder_writable(const std::string& dir, const std::string& what);

}  // namespace ser
