// Tests of lib/data: looking into what a corpus reader returned.
#pragma once

#include <string>

#include "data/corpus_listing.h"

namespace ser::data::test {

// The utterance whose path ends with `suffix`, or nullptr.
inline const Utterance* find(const CorpusListing& listing, const std::string& suffix) {
  for (const Utterance& u : listing.utterances) {
    if (u.path.size() >= suffix.size() && u.path.compare(u.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return &u;
    }
  }
  return nullptr;
}

// Files skipped for a reason containing `reason_part`.
inline size_t skipped_for(const CorpusListing& listing, const std::string& reason_part) {
  size_t n = 0;
  for (const auto& [reason, count] : listing.skipped.by_reason) {
    if (reason.find(reason_part) != std::string::npos) n += count;
  }
  return n;
}

}  // namespace ser::data::test
