#include "common/shipped_file.h"

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "ser_config.h"

namespace ser {

std::vector<std::string> shipped_file_candidates(const char* env_var, const std::string& name) {
  if (const char* env = std::getenv(env_var); env && *env) return {env};
  return {std::string(SER_INSTALLED_MODEL_DIR) + "/" + name, std::string(SER_SOURCE_MODEL_DIR) + "/" + name};
}

std::string find_shipped_file(const char* env_var, const std::string& name, const std::string& what,
                              const std::string& fix) {
  std::string tried;
  for (const auto& p : shipped_file_candidates(env_var, name)) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;
    tried += (tried.empty() ? "" : ", ") + p;
  }
  throw ModelError("no " + what + " found (tried " + tried + "): " + fix);
}

}  // namespace ser
