#include "io/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/decode_error.h"

namespace ser::io {

namespace {

std::string describe_errno(int err) {
  switch (err) {
    case ENOENT:
      return "no such file";
    case ENOTDIR:
      return "a component of the path is not a directory";
    case EACCES:
      return "permission denied: the file cannot be opened for reading";
    case EISDIR:
      return "it is a directory, not an audio file";
    case ELOOP:
      return "too many levels of symbolic links";
    case ENAMETOOLONG:
      return "the path is too long";
    default:
      return std::strerror(err);
  }
}

}  // namespace

InputFile inspect_input_file(const std::string& path, std::size_t head_bytes) {
  if (path.empty()) throw decode_error(path, "the path is empty");
  // stat first: opening a FIFO for reading would block until a writer comes.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw decode_error(path, describe_errno(errno));
  if (S_ISDIR(st.st_mode)) throw decode_error(path, describe_errno(EISDIR));
  if (!S_ISREG(st.st_mode)) {
    throw decode_error(path, "not a regular file (a FIFO, socket or device); decode a file");
  }
  if (st.st_size == 0) throw decode_error(path, "the file is empty (0 bytes)");
  // Opening is the only sure test of readability (ACLs, read-only mounts, root).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw decode_error(path, describe_errno(errno));
  InputFile file;
  file.size = static_cast<std::uint64_t>(st.st_size);
  file.head.resize(static_cast<std::size_t>(std::min<std::uint64_t>(file.size, head_bytes)));
  const ssize_t got = ::pread(fd, file.head.data(), file.head.size(), 0);
  const int read_errno = errno;
  ::close(fd);
  if (got < 0) throw decode_error(path, std::string("the file cannot be read: ") + std::strerror(read_errno));
  file.head.resize(static_cast<std::size_t>(got));
  return file;
}

}  // namespace ser::io
