// seremotion: the folder-per-label reader, for audio sorted into one folder per emotion.
//
//   DIR/<label>/*.wav               each file a speaker of its own
//   DIR/<label>/<speaker>/**/*.wav  the first folder below the label names the speaker
// <label> is a vocabulary label or synonym, any case ("Angry", "anger", "happiness"); files in
// a folder that is not a label, and files directly in DIR, are skipped (and counted).
// Speaker rule: without speaker folders nothing says who spoke, so every file is its own speaker
// ("folders:file:angry/x"), and speaker-grouped folds on such data are NOT speaker-independent:
// put each speaker's files in a folder of their own (angry/anna/, sad/anna/) to make them so.
// Utterance: corpus "folders"; speaker "folders:<speaker>"; original_label the folder name;
// language ReaderOptions::default_language; gender unknown.
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_label_folders(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
