// seremotion: the VAD's weights file, found like the default emotion model.
#pragma once

#include <string>
#include <vector>

namespace ser::vad {

// The shipped file, relative to models/.
constexpr const char* kVadModelName = "silero-vad/silero-vad-16k.weights";

// $SEREMOTION_VAD_MODEL alone when set; else <kVadModelName> in each folder of
// shipped_model_dirs() (common/shipped_files.h): the installed models beside the running binary,
// or the build tree's models/.
std::vector<std::string> vad_model_candidates();

// The first candidate that is a file. Throws ModelError naming every path tried and the fix.
std::string vad_model_path();

}  // namespace ser::vad
