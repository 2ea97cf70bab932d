#include "data/corpora/savee.h"

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

const Code kEmotions[] = {{"a", "angry"},   {"d", "disgust"}, {"f", "fearful"},  {"h", "happy"},
                          {"n", "neutral"}, {"sa", "sad"},    {"su", "surprised"}};

bool is_speaker(const std::string& s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

NameParse parse_savee(const std::filesystem::path& file) {
  std::string name = file.stem().string();
  std::string speaker;
  if (name.size() > 2 && is_speaker(name.substr(0, 2))) {  // DC_a01, DCa01
    speaker = name.substr(0, 2);
    name = name.substr(name[2] == '_' ? 3 : 2);
  } else {  // AudioData/DC/a01
    speaker = file.parent_path().filename().string();
  }
  const size_t digits = name.find_first_of("0123456789");
  const std::string code = name.substr(0, digits);
  const char* label = look_up(kEmotions, code);
  if (!is_speaker(speaker) || !label || digits == std::string::npos || !is_digits(name.substr(digits), 2)) {
    return SkipReason{"name does not match DC/a01, DC_a01 or DCa01 (codes a d f h n sa su)"};
  }
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = label;
  u.original_label = code;
  u.speaker = "savee:" + speaker;
  u.language = "en";
  u.gender = Gender::Male;
  u.extras = {{"sentence", name.substr(digits)}};
  named.key = speaker + name;
  return named;
}

}  // namespace

CorpusListing read_savee(const std::filesystem::path& root, const ReaderOptions&) {
  return scan_corpus("savee", root, parse_savee);
}

}  // namespace ser::data
