// seremotion: the generic CSV manifest reader, for corpora that have no reader of their own.
//
// One row per file: path,label,speaker[,language]
//   path      relative to the manifest's folder, or absolute
//   label     a vocabulary label or synonym (label_vocabulary.h): angry, anger, happy, joy, ...
//   speaker   any text; empty means unknown, and the file is then a speaker of its own
//   language  BCP-47 ("en"); empty or absent: ReaderOptions::default_language
// Fields may be quoted ("a, b.wav"; "" for a quote), as RFC 4180 has it (csv.h). The first row is
// a header when it has the columns "path" and "label" (any case); a header may put the columns in
// any order and add "gender" (female, male, f, m), "corpus" (the corpus each row belongs to,
// default "csv") and any other column, kept in extras under its name.
// Rows skipped (and counted): a wrong number of fields, a missing file, a label outside the
// vocabulary, a file listed twice.
// Utterance: corpus from the corpus column or "csv"; speaker "CORPUS:SPEAKER", or "CORPUS:file:PATH"
// for a row without one; original_label the label as written.
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_csv_manifest(const std::filesystem::path& manifest, const ReaderOptions& options = {});

}  // namespace ser::data
