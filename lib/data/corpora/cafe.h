// seremotion: the CaFE (Canadian French Emotional speech) reader.
//
// Gournay, Lahaie & Lefebvre (2018), "A Canadian French Emotional Speech Dataset", ACM MMSys
// 2018; Zenodo record 1478765 (CaFE_48k: wav, CaFE_192k: aiff). Its Readme.txt gives the naming
// followed here:
//   AA-E-I-S.ext in Emotion/Intensity folders, e.g. Colère/Faible/01-C-1-1.wav; neutral has no
//   intensity: Neutre/01-N-1.wav
//   AA actor 01..12, odd man, even woman
//   E emotion: C Colère anger, D Dégoût disgust, J Joie happiness, N Neutre neutral, P Peur fear,
//     S Surprise surprise, T Tristesse sadness
//   I intensity: 1 Faible (low), 2 Fort (high)
//   S sentence 1..6 ("Un cheval fou dans mon jardin", ...)
// Every field comes from the file name; the folders are not needed.
// Utterance: label angry, disgust, happy, neutral, fearful, surprised, sad; original_label the
// letter ("C"); speaker "cafe:AA"; language "fr" (Canadian French); gender from AA; extras
// "intensity" (low, high; absent for neutral), "sentence" ("1") and "text".
#pragma once

#include <filesystem>

#include "data/corpus_listing.h"
#include "data/reader_options.h"

namespace ser::data {

CorpusListing read_cafe(const std::filesystem::path& root, const ReaderOptions& options = {});

}  // namespace ser::data
