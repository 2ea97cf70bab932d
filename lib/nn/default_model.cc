#include "nn/default_model.h"

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "common/shipped_files.h"
#include "ser_config.h"

namespace ser::nn {

std::vector<std::string> default_model_candidates() {
  std::vector<std::string> paths;
  // A model named in the environment is the only candidate: falling back to another would run a
  // model the user did not ask for.
  if (const char* env = std::getenv("SEREMOTION_DEFAULT_MODEL"); env && *env) return {env};
  for (const std::string& dir : shipped_model_dirs()) paths.push_back(dir + "/" + SER_DEFAULT_MODEL_NAME);
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
  const std::string where = paths.empty() ? "nowhere to look: " + running_binary() +
                                                " is neither installed nor in a build tree"
                                          : "tried " + tried;
  throw ModelError("no default model found (" + where +
                   "): name a model bundle explicitly, or set SEREMOTION_DEFAULT_MODEL to one");
}

}  // namespace ser::nn
