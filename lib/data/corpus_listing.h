// seremotion: what a corpus reader returns: the utterances it kept and the files it skipped.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/utterance.h"

namespace ser::data {

// A corpus that cannot be read at all: a missing directory, an unknown corpus name, a corpus
// that yields no file. Files that merely do not parse are not errors: they are SkippedFiles.
class CorpusError : public Error {
 public:
  using Error::Error;
};

// Files a reader passed over, counted by reason, with the first few named so that a person can
// see what went wrong ("name does not match 03-01-EE-II-SS-RR-AA": 12 files, e.g. ...).
struct SkippedFiles {
  static constexpr size_t kMaxExamples = 5;

  size_t count = 0;
  std::map<std::string, size_t> by_reason;  // reason -> files
  std::vector<std::string> examples;        // "PATH (REASON)", the first kMaxExamples

  void add(const std::string& what, const std::string& reason);
  // "skipped 3 files: 2 duplicate of another file, 1 name does not parse; e.g. a.wav (...)",
  // or "" when nothing was skipped.
  std::string summary() const;
};

struct CorpusListing {
  std::string corpus;                // reader name, "ravdess"
  std::string root;                  // the directory (or manifest) it read
  std::vector<Utterance> utterances; // sorted by path
  SkippedFiles skipped;
};

}  // namespace ser::data
