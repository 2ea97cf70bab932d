#include "vad/vad_model.h"

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "common/shipped_files.h"

namespace ser::vad {

std::vector<std::string> vad_model_candidates() {
  // Weights named in the environment are the only candidate: falling back to others would run
  // what the user did not ask for.
  if (const char* env = std::getenv("SEREMOTION_VAD_MODEL"); env && *env) return {env};
  std::vector<std::string> paths;
  for (const std::string& dir : shipped_model_dirs()) paths.push_back(dir + "/" + kVadModelName);
  return paths;
}

std::string vad_model_path() {
  const auto paths = vad_model_candidates();
  std::string tried;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;
    tried += (tried.empty() ? "" : ", ") + p;
  }
  const std::string where = paths.empty() ? "nowhere to look: " + running_binary() +
                                                " is neither installed nor in a build tree"
                                          : "tried " + tried;
  throw ModelError("no VAD weights found (" + where +
                   "): reinstall seremotion, set SEREMOTION_VAD_MODEL to a copy of "
                   "models/silero-vad/silero-vad-16k.weights, or turn the VAD off (vad=level or off)");
}

}  // namespace ser::vad
