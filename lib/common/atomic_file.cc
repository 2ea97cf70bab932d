#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/error.h"

namespace ser {
namespace fs = std::filesystem;
namespace {

// A name no other writer uses at the same time: process and a counter shared by every thread.
std::string temp_name(const std::string& path) {
  static std::atomic<unsigned long> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

std::string system_reason(int error) { return std::strerror(error); }

// Closes a descriptor when it goes out of scope.
struct Descriptor {
  int fd = -1;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The folder a file lives in, "." for a bare name.
fs::path folder_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = temp_name(path);
  {
    Descriptor file{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (file.fd < 0) throw Error("cannot write '" + path + "': " + system_reason(errno));
    if (!write_all(file.fd, bytes) || ::fsync(file.fd) != 0) {
      const int error = errno;
      ::unlink(tmp.c_str());
      throw Error("cannot write '" + path + "': " + system_reason(error) + " (is the disk full?)");
    }
    const int closed = ::close(file.fd);
    file.fd = -1;
    if (closed != 0) {
      const int error = errno;
      ::unlink(tmp.c_str());
      throw Error("cannot write '" + path + "': " + system_reason(error));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    throw Error("cannot put '" + path + "' in place: " + system_reason(error));
  }
  // The rename itself reaches the disk with the folder.
  Descriptor folder{::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (folder.fd >= 0) ::fsync(folder.fd);
}

void check_file_writable(const std::string& path, bool replace, const std::string& what) {
  const std::string at = what + " '" + path + "'";
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status)) throw Error(at + " is a folder: name the file to write, e.g. " + path + "/model.sermodel");
  if (fs::exists(status) && !replace) {
    throw Error(at + " exists: choose another name, or pass --force to replace it");
  }
  const fs::path folder = folder_of(path);
  if (!fs::is_directory(folder, ec)) throw Error(at + ": the folder '" + folder.string() + "' does not exist");
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw Error(at + ": the folder '" + folder.string() + "' cannot be written: " + system_reason(errno));
  }
}

void check_folder_writable(const std::string& dir, const std::string& what) {
  const std::string at = what + " '" + dir + "'";
  std::error_code ec;
  fs::path p = dir.empty() ? fs::path(".") : fs::path(dir);
  if (fs::exists(p, ec) && !fs::is_directory(p, ec)) throw Error(at + " is a file, not a folder: name a folder");
  // The nearest existing ancestor must be a folder that may be written (to create what is missing).
  fs::path existing = fs::absolute(p, ec);
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  if (!fs::is_directory(existing, ec)) {
    throw Error(at + " cannot be made: '" + existing.string() + "' is a file, not a folder");
  }
  if (::access(existing.c_str(), W_OK | X_OK) != 0) {
    throw Error(at + " cannot be written: '" + existing.string() + "': " + system_reason(errno));
  }
}

}  // namespace ser
