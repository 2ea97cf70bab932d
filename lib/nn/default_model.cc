#include "nn/default_model.h"

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "ser_config.h"

namespace ser::nn {

std::vector<std::string> default_model_candidates() {
  std::vector<std::string> paths;
  // A model named in the environment is the only candidate: falling back to another would run a
  // model the user did not ask for.
  if (const char* env = std::getenv("SEREMOTION_DEFAULT_MODEL"); env && *env) return {env};
  paths.push_back(std::string(SER_INSTALLED_MODEL_DIR) + "/" + SER_DEFAULT_MODEL_NAME);
  paths.push_back(std::string(SER_SOURCE_MODEL_DIR) + "/" + SER_DEFAULT_MODEL_NAME);
  return paths;
}

std::string default_model_path() {
  const auto paths = default_model_candidates();
  std::string tried;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;
    tried += (tried.empty() ? "" : ", ") + p;
  }
  throw ModelError("no default model found (tried " + tried +
                   "): name a model bundle explicitly, or set SEREMOTION_DEFAULT_MODEL to one");
}

}  // namespace ser::nn
