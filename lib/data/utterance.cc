#include "data/utterance.h"

namespace ser::data {

const char* gender_name(Gender gender) {
  switch (gender) {
    case Gender::Female: return "female";
    case Gender::Male: return "male";
    case Gender::Unknown: break;
  }
  return "unknown";
}

}  // namespace ser::data
