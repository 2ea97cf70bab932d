// seremotion: the EMO-DB (Berlin Database of Emotional Speech) reader.
//
// Burkhardt et al. (2005), "A Database of German Emotional Speech", Interspeech 2005; the naming
// of its wav/ folder (emodb.bilderbar.info), followed here:
//   SSTTTEV.ext, e.g. wav/03a01Fa.wav
//   SS speaker: 03 08 09 10 11 12 13 14 15 16 (male 03 10 11 12 15; female 08 09 13 14 16)
//   TTT text: a01 a02 a04 a05 a07 b01 b02 b03 b09 b10
//   E emotion (German initial): W Ärger anger, L Langeweile boredom, E Ekel disgust, A Angst fear,
//     F Freude happiness, T Trauer sadness, N neutral
//   V version: a, b, c, ...
// Utterance: label angry, boredom, disgust, fearful, happy, sad, neutral; original_label the
// letter ("W"); speaker "emodb:SS"; language "de"; gender from the speaker table (unknown for a
// speaker outside it); extras "text" ("a01") and "version" ("a").
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_emodb(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
