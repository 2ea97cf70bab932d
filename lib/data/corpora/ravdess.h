// seremotion: the RAVDESS reader.
//
// Livingstone & Russo (2018), "The Ryerson Audio-Visual Database of Emotional Speech and Song",
// PLoS ONE 13(5): e0196391; Zenodo record 1188976, whose README gives the naming followed here:
//   MM-VV-EE-II-SS-RR-AA.ext, e.g. Actor_01/03-01-05-02-01-01-01.wav
//   MM modality: 01 audio-visual, 02 video-only, 03 audio-only
//   VV vocal channel: 01 speech, 02 song
//   EE emotion: 01 neutral, 02 calm, 03 happy, 04 sad, 05 angry, 06 fearful, 07 disgust, 08 surprised
//   II intensity: 01 normal, 02 strong (neutral has normal only)
//   SS statement: 01 "Kids are talking by the door", 02 "Dogs are sitting by the door"
//   RR repetition: 01, 02          AA actor: 01..24, odd male, even female
// Any folder layout works (Actor_XX/ folders or all files in one folder): every field comes from
// the file name. What is kept:
//   - audio-only files (03), and audio extracted from audio-visual files (01) when the audio-only
//     twin is absent: both carry the same performance, so the audio-only copy wins;
//   - video-only files (02) are skipped (they have no audio);
//   - speech (01); song (02) only with ReaderOptions::ravdess_song.
// Utterance: label from EE, original_label the EE code ("05"), speaker "ravdess:AA", language
// "en", gender from AA; extras "modality" (audio-only, audio-visual), "vocal_channel" (speech,
// song), "intensity" (normal, strong), "statement" (the sentence), "repetition" (1, 2).
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_ravdess(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
