// seremotion: the one label vocabulary every corpus is mapped onto.
//
// In this order, which is also the order of the classes of a model (label_order()):
//   neutral, calm, happy, sad, angry, fearful, disgust, surprised   the RAVDESS eight
//   boredom                                                          EMO-DB
//   excited, frustrated                                              IEMOCAP (exc, fru); JL-corpus excited
//   anxious, apologetic, assertive, concerned, encouraging           JL-corpus secondary emotions
//   other                                                            IEMOCAP oth
// IEMOCAP's xxx (annotators did not agree) is no label: its turns are skipped.
// Corpora do not share every label: a model trained on several is usually given a LabelMap
// (label_map.h) that merges or drops the labels one corpus lacks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/utterance.h"

namespace ser::data {

// The vocabulary, in the order above.
const std::vector<std::string>& label_vocabulary();
// "neutral, calm, ..." for error messages.
std::string vocabulary_list();

// The canonical label for a name a person or a manifest may use, case-insensitive: the canonical
// names themselves and common synonyms ("anger", "ang", "happiness", "joy", "fear", "disgusted",
// "surprise", "ps", "pleasant_surprise", "bored", "excitement", "frustration", "anxiety",
// "concern", "oth"). nullopt for anything else.
std::optional<std::string> canonical_label(std::string_view name);

// Position of a canonical label in the vocabulary; ParameterError for a label outside it.
size_t label_rank(const std::string& label);

// The labels present in `utterances`, in vocabulary order: the stable order of a model's classes.
std::vector<std::string> label_order(const std::vector<Utterance>& utterances);

}  // namespace ser::data
