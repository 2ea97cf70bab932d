// seremotion: one labelled recording of a corpus, as the readers list it.
//
// lib/data does not decode audio: an Utterance says where a file is and what the corpus says
// about it. The trainer decodes `path` itself.
#pragma once

#include <map>
#include <string>

namespace ser::data {

enum class Gender { Unknown, Female, Male };

// "female", "male", "unknown".
const char* gender_name(Gender gender);

struct Utterance {
  std::string path;            // the audio file, as found under the corpus root (any audio format)
  std::string corpus;          // reader name: "ravdess", "emodb", "crema-d", ... (corpus_registry.h)
  std::string label;           // canonical label from the vocabulary (label_vocabulary.h)
  std::string original_label;  // the corpus's own code or word: "05" (RAVDESS), "W" (EMO-DB), "ang" (IEMOCAP)
  // Qualified by the corpus ("ravdess:01", "emodb:03"), so that speakers of two corpora never
  // collide and speaker-grouped folds stay speaker-independent across corpora.
  std::string speaker;
  std::string language;        // BCP-47 primary tag: "en", "de", "fr", "es"; "und" when unknown
  Gender gender = Gender::Unknown;
  // The corpus's own fields, decoded (RAVDESS intensity "normal"/"strong", EMO-DB text "a01",
  // IEMOCAP session, ...); each reader's header lists its keys. Sorted, so output is stable.
  std::map<std::string, std::string> extras;
};

}  // namespace ser::data
