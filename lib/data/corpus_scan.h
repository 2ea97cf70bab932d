// seremotion: the walk shared by the readers of corpora labelled by their file names.
//
// scan_corpus lists the audio files under a root (audio_files.h), asks the corpus's name parser
// what each one is, and keeps one file per recording: downloads often hold a corpus twice
// (Kaggle's RAVDESS has Actor_01/ both at the top and under audio_speech_actors_01-24/; CREMA-D
// has AudioWAV/ and AudioMP3/), and counting a recording twice would put copies of one file on
// both sides of a fold.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <variant>

#include "data/corpus_listing.h"

namespace ser::data {

// What a name parser makes of a file that is one of the corpus's utterances.
struct NamedUtterance {
  Utterance utterance;  // every field but path and corpus, which scan_corpus fills in
  std::string key;      // the recording's identity: files with one key are copies of one recording
  int preference = 0;   // among copies the lowest wins, then a lossless format, then the first path
};
// Why a file is not one of the corpus's utterances ("name does not match AA-E-I-S").
struct SkipReason {
  std::string reason;
};
using NameParse = std::variant<NamedUtterance, SkipReason>;
using NameParser = std::function<NameParse(const std::filesystem::path& file)>;

// Utterances sorted by path; skipped files counted by reason.
CorpusListing scan_corpus(const std::string& corpus, const std::filesystem::path& root, const NameParser& parse);

}  // namespace ser::data
