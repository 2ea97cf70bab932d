#include "vad/vad_model.h"

#include "common/shipped_file.h"

namespace ser::vad {

std::vector<std::string> vad_model_candidates() {
  return shipped_file_candidates("SEREMOTION_VAD_MODEL", kVadModelName);
}

std::string vad_model_path() {
  return find_shipped_file("SEREMOTION_VAD_MODEL", kVadModelName, "VAD weights",
                           "reinstall seremotion, set SEREMOTION_VAD_MODEL to a copy of "
                           "models/silero-vad/silero-vad-16k.weights, or turn the VAD off (vad=level or off)");
}

}  // namespace ser::vad
