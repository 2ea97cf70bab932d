#include "common/shipped_files.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/error.h"
#include "ser_config.h"

namespace ser {
namespace {

namespace fs = std::filesystem;

// Whether `dir` ends with the relative path `tail` (whole components); if so, `prefix` is the rest.
bool ends_with(const fs::path& dir, const fs::path& tail, fs::path& prefix) {
  fs::path rest = dir;
  std::vector<fs::path> want(tail.begin(), tail.end());
  for (auto it = want.rbegin(); it != want.rend(); ++it) {
    if (*it == "." || it->empty()) continue;
    if (rest.filename() != *it) return false;
    rest = rest.parent_path();
  }
  prefix = rest;
  return true;
}

}  // namespace

std::string running_binary() {
  Dl_info info{};
  link_map* map = nullptr;
  if (dladdr1(reinterpret_cast<void*>(&running_binary), &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) == 0) {
    return {};
  }
  // The main program's link map has no name (and dli_fname is its argv[0], maybe relative to a
  // folder since left): the kernel knows the executable.
  const bool main_program = map == nullptr || map->l_name == nullptr || map->l_name[0] == '\0';
  std::error_code ec;
  const fs::path path = main_program ? fs::read_symlink("/proc/self/exe", ec) : fs::path(info.dli_fname);
  if (ec || path.empty()) return {};
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.string() : canonical.string();
}

std::string install_prefix_of(const std::string& binary) {
  if (binary.empty()) return {};
  const fs::path dir = fs::path(binary).parent_path();
  fs::path prefix;
  for (const char* installed_in : {SER_INSTALL_PLUGINDIR, SER_INSTALL_BINDIR, SER_INSTALL_HELPERDIR}) {
    if (ends_with(dir, installed_in, prefix)) return prefix.string();
  }
  return {};
}

std::vector<std::string> shipped_model_dirs_for(const std::string& binary) {
  std::vector<std::string> dirs;
  if (binary.empty()) return dirs;
  const fs::path dir = fs::path(binary).parent_path();
  const std::string prefix = install_prefix_of(binary);
  if (!prefix.empty()) dirs.push_back((fs::path(prefix) / SER_INSTALL_MODELDIR).string());
  std::error_code ec;
  for (fs::path up = dir; !up.empty(); up = up.parent_path()) {
    if (fs::is_directory(up / "meson-private", ec)) {
      dirs.push_back((up / "models").string());
      break;
    }
    if (up == up.parent_path()) break;
  }
  return dirs;
}

std::vector<std::string> shipped_model_dirs() { return shipped_model_dirs_for(running_binary()); }

std::vector<std::string> shipped_file_candidates(const char* env_var, const std::string& name) {
  if (const char* env = std::getenv(env_var); env && *env) return {env};
  std::vector<std::string> paths;
  for (const std::string& dir : shipped_model_dirs()) paths.push_back(dir + "/" + name);
  return paths;
}

std::string first_shipped_file(const std::vector<std::string>& candidates, const std::string& what,
                               const std::string& fix) {
  std::string tried;
  for (const auto& p : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
    tried += (tried.empty() ? "" : ", ") + p;
  }
  const std::string where = candidates.empty() ? "nowhere to look: " + running_binary() +
                                                     " is neither installed nor in a build tree"
                                               : "tried " + tried;
  throw ModelError("no " + what + " found (" + where + "): " + fix);
}

}  // namespace ser
