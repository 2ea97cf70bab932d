#include "nn/default_model.h"

#include "common/shipped_files.h"
#include "ser_config.h"

namespace ser::nn {

std::vector<std::string> default_model_candidates() {
  return shipped_file_candidates("SEREMOTION_DEFAULT_MODEL", SER_DEFAULT_MODEL_NAME);
}

std::string default_model_path() {
  return first_shipped_file(default_model_candidates(), "default model",
                            "name a model bundle explicitly, or set SEREMOTION_DEFAULT_MODEL to one");
}

}  // namespace ser::nn
