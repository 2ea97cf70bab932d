#include "vad/vad_model.h"

#include "common/shipped_files.h"

namespace ser::vad {

std::vector<std::string> vad_model_candidates() {
  return shipped_file_candidates("SEREMOTION_VAD_MODEL", kVadModelName);
}

std::string vad_model_path() {
  return first_shipped_file(vad_model_candidates(), "VAD weights",
                            "reinstall seremotion, set SEREMOTION_VAD_MODEL to a copy of "
                            "models/silero-vad/silero-vad-16k.weights, or turn the VAD off (vad=level or off)");
}

}  // namespace ser::vad
