#include "data/label_vocabulary.h"

#include <algorithm>
#include <set>
#include <utility>

#include "common/error.h"
#include "data/text.h"

namespace ser::data {

const std::vector<std::string>& label_vocabulary() {
  static const std::vector<std::string> vocabulary = {
      "neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised",  // RAVDESS
      "boredom",                                                                      // EMO-DB
      "excited", "frustrated",                                                        // IEMOCAP, JL
      "anxious", "apologetic", "assertive", "concerned", "encouraging",               // JL secondary
      "other"};                                                                       // IEMOCAP
  return vocabulary;
}

std::string vocabulary_list() { return join(label_vocabulary(), ", "); }

std::optional<std::string> canonical_label(std::string_view name) {
  // Synonyms seen in corpora and public manifests; the canonical names map to themselves below.
  static const std::vector<std::pair<const char*, const char*>> synonyms = {
      {"neu", "neutral"},        {"happiness", "happy"},         {"hap", "happy"},
      {"joy", "happy"},          {"sadness", "sad"},             {"anger", "angry"},
      {"ang", "angry"},          {"fear", "fearful"},            {"fea", "fearful"},
      {"disgusted", "disgust"},  {"dis", "disgust"},             {"surprise", "surprised"},
      {"sur", "surprised"},      {"ps", "surprised"},            {"pleasant_surprise", "surprised"},
      {"pleasant_surprised", "surprised"}, {"bored", "boredom"}, {"excitement", "excited"},
      {"exc", "excited"},        {"frustration", "frustrated"},  {"fru", "frustrated"},
      {"anxiety", "anxious"},    {"concern", "concerned"},       {"oth", "other"},
  };
  const std::string key = to_lower(trim(name));
  for (const std::string& label : label_vocabulary()) {
    if (key == label) return label;
  }
  for (const auto& [synonym, label] : synonyms) {
    if (key == synonym) return std::string(label);
  }
  return std::nullopt;
}

size_t label_rank(const std::string& label) {
  const auto& vocabulary = label_vocabulary();
  const auto it = std::find(vocabulary.begin(), vocabulary.end(), label);
  if (it == vocabulary.end()) {
    throw ParameterError("label '" + label + "' is not in the vocabulary (" + vocabulary_list() + ")");
  }
  return static_cast<size_t>(it - vocabulary.begin());
}

std::vector<std::string> label_order(const std::vector<Utterance>& utterances) {
  std::set<size_t> present;
  for (const Utterance& u : utterances) present.insert(label_rank(u.label));
  std::vector<std::string> order;
  for (size_t rank : present) order.push_back(label_vocabulary()[rank]);
  return order;
}

}  // namespace ser::data
