#include "data/corpora/cafe.h"

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

const char* const kSentences[] = {"Un cheval fou dans mon jardin",       "Deux ânes aigris au pelage brun",
                                  "Trois cygnes aveugles au bord du lac", "Quatre vieilles truies éléphantesques",
                                  "Cinq pumas fiers et passionnés",       "Six ours aimants domestiqués"};

// Colère, Dégoût, Joie, Neutre, Peur, Surprise, Tristesse.
const Code kEmotions[] = {{"C", "angry"},   {"D", "disgust"},   {"J", "happy"}, {"N", "neutral"},
                          {"P", "fearful"}, {"S", "surprised"}, {"T", "sad"}};

NameParse parse_cafe(const std::filesystem::path& file) {
  const std::string stem = file.stem().string();
  const std::vector<std::string> f = split(stem, '-');
  const char* label = f.size() >= 3 ? look_up(kEmotions, f[1]) : nullptr;
  // Emotions have an intensity field, neutral does not: AA-E-I-S or AA-N-S.
  const bool with_intensity = f.size() == 4 && (f[2] == "1" || f[2] == "2");
  const bool shaped = label && is_digits(f[0], 2) && (with_intensity || (f.size() == 3 && f[1] == "N"));
  const std::string& sentence = f.back();
  if (!shaped || sentence.size() != 1 || sentence[0] < '1' || sentence[0] > '6') {
    return SkipReason{"name does not match AA-E-I-S or AA-N-S (e.g. 01-C-1-1, 01-N-1)"};
  }
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = label;
  u.original_label = f[1];
  u.speaker = "cafe:" + f[0];
  u.language = "fr";
  u.gender = std::stoi(f[0]) % 2 == 1 ? Gender::Male : Gender::Female;
  u.extras = {{"sentence", sentence}, {"text", kSentences[sentence[0] - '1']}};
  if (with_intensity) u.extras["intensity"] = f[2] == "1" ? "low" : "high";
  named.key = stem;
  return named;
}

}  // namespace

CorpusListing read_cafe(const std::filesystem::path& root, const ReaderOptions&) {
  return scan_corpus("cafe", root, parse_cafe);
}

}  // namespace ser::data
