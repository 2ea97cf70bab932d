// seremotion: the EMOVO (Italian emotional speech) reader.
//
// Costantini, Iadarola, Paoloni & Todisco (2014), "EMOVO Corpus: an Italian Emotional Speech
// Database", LREC 2014. Six actors (f1 f2 f3 female, m1 m2 m3 male), 14 sentences each in 7
// emotions, one folder per actor. The naming followed here:
//   EEE-SS-TT.ext, e.g. f1/dis-f1-b1.wav
//   EEE emotion: dis disgust, gio gioia (happy), neu neutral, pau paura (fear), rab rabbia (anger),
//     sor sorpresa (surprise), tri tristezza (sadness)
//   SS speaker: f1 f2 f3 m1 m2 m3 (any letter f or m and a digit is read)
//   TT sentence: b1-b3 nonsense, d1-d2 short, l1-l4 long, n1-n5 normal
// Utterance: label disgust, happy, neutral, fearful, angry, surprised, sad; original_label the code
// ("gio"); speaker "emovo:f1"; language "it"; gender from the speaker's letter; extras "sentence"
// ("b1").
// Terms: distributed by its authors for research, with no stated licence: research use only, and a
// model trained on it is not shipped until its terms are confirmed (train/corpus_licences.h).
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_emovo(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
