// seremotion: CorpusSpec, a corpus as the command line names it: NAME=DIR.
#pragma once

#include <string>

namespace ser::data {

struct CorpusSpec {
  std::string name;  // reader name (corpus_registry.h), aliases resolved: "crema-d"
  std::string path;  // the corpus directory; for csv, the manifest file
};

// "ravdess=/data/RAVDESS", "csv=/x/manifest.csv", "folders=/x/dir". The name is any reader name
// or alias, any case; the path is taken as written (it may itself hold '='). CorpusError
// (corpus_listing.h) when there is no '=', the path is empty, or the name is unknown, listing the
// known names.
CorpusSpec parse_corpus_spec(const std::string& text);

}  // namespace ser::data
