#include "common/shared_data.h"

#include <cstdlib>
#include <filesystem>

namespace ser::test {
namespace fs = std::filesystem;

std::string shared_dir() {
  const char* env = std::getenv("SEREMOTION_SHARED_DIR");
  fs::path p = env && *env ? fs::path(env) : fs::path(SER_TEST_SOURCE_DIR) / ".." / "shared";
  std::error_code ec;
  if (!fs::is_directory(p, ec)) return {};
  return fs::canonical(p, ec).string();
}

static std::string sub(const char* name) {
  const std::string root = shared_dir();
  if (root.empty()) return {};
  fs::path p = fs::path(root) / name;
  std::error_code ec;
  return fs::is_directory(p, ec) ? p.string() : std::string();
}

std::string data_dir() { return sub("data"); }
std::string golden_dir() { return sub("golden/librosa-0.11.0"); }
std::string source_dir() { return SER_TEST_SOURCE_DIR; }
std::string build_dir() { return SER_TEST_BUILD_DIR; }

}  // namespace ser::test
