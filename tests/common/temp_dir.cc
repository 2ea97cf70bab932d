#include "common/temp_dir.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace ser::test {
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& kind)
      : path(fs::temp_directory_path() / ("seremotion-" + kind + "-" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

std::string temp_path(const std::string& kind, const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<TempDir>> dirs;
  std::lock_guard<std::mutex> lock(mutex);
  auto& dir = dirs[kind];
  if (!dir) dir = std::make_unique<TempDir>(kind);
  return (dir->path / name).string();
}

}  // namespace ser::test
