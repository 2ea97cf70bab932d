// seremotion: the corpus readers by name, and reading a corpus named on the command line.
//
// Names (aliases in parentheses), each reader's header documenting its layout:
//   ravdess                                   corpora/ravdess.h
//   crema-d   (crema, cremad, crema_d)        corpora/crema_d.h
//   tess                                      corpora/tess.h
//   savee                                     corpora/savee.h
//   emodb     (emo-db, emo_db)                corpora/emodb.h
//   emovo                                     corpora/emovo.h
//   cafe                                      corpora/cafe.h
//   mesd                                      corpora/mesd.h
//   jl-corpus (jl, jl_corpus, jlcorpus)       corpora/jl_corpus.h
//   iemocap                                   corpora/iemocap.h
//   csv       (manifest)                      corpora/csv_manifest.h, a manifest file
//   folders   (folder)                        corpora/label_folders.h
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/corpus_listing.h"
#include "data/corpus_spec.h"
#include "data/reader_options.h"

namespace ser::data {

// The reader names above, in that order.
const std::vector<std::string>& corpus_names();
// The reader name for a name or alias, any case; nullopt for anything else.
std::optional<std::string> canonical_corpus_name(const std::string& name);
// What a reader expects to find, for messages and help: "Actor_XX/03-01-EE-II-SS-RR-AA.wav".
std::string corpus_layout(const std::string& name);

// Reads the corpus the spec names. CorpusError when the directory (or, for csv, the manifest
// file) does not exist, or when it yields no utterance: "no RAVDESS files found under DIR:
// expected Actor_XX/03-01-EE-II-SS-RR-AA.wav", followed by what was skipped. Files that do not
// parse are not errors: they are counted in the listing's `skipped`.
CorpusListing read_corpus(const CorpusSpec& spec, const ReaderOptions& options = {});

}  // namespace ser::data
