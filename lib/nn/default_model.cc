#include "nn/default_model.h"

#include "common/shipped_file.h"
#include "ser_config.h"

namespace ser::nn {

std::vector<std::string> default_model_candidates() {
  return shipped_file_candidates("SEREMOTION_DEFAULT_MODEL", SER_DEFAULT_MODEL_NAME);
}

std::string default_model_path() {
  return find_shipped_file("SEREMOTION_DEFAULT_MODEL", SER_DEFAULT_MODEL_NAME, "default model",
                           "name a model bundle explicitly, or set SEREMOTION_DEFAULT_MODEL to one");
}

}  // namespace ser::nn
