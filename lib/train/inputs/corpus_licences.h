// seremotion: the terms of the corpora ser-train reads, for the metadata of the models it exports.
//
// A model inherits the terms of the recordings it was trained on (RAVDESS's share-alike clause
// reaches models trained on it), so every bundle names each corpus with its licence and where the
// terms were read. The table holds what the distributors publish; entries marked "unverified"
// could not be checked against the distributor's page when the table was written, and say so in
// the licence text itself so that a model card never states them with more confidence than we have.
#pragma once

#include <string>

namespace ser::train {

struct CorpusTerms {
  std::string corpus;   // reader name (data/corpus_registry.h): "ravdess"
  std::string title;    // the corpus's own name: "RAVDESS"
  std::string licence;  // e.g. "CC BY-NC-SA 4.0"
  std::string source;   // where the terms are published
};

// The terms of a reader's corpus. Readers of a person's own files (csv, folders) and unknown
// names get licence "unknown (the files' own terms apply)" with the reader name as title.
CorpusTerms corpus_terms(const std::string& reader_name);

}  // namespace ser::train
