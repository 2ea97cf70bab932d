#include "data/corpora/emodb.h"

#include <cctype>

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

// Ärger, Langeweile, Ekel, Angst, Freude, Trauer, neutral.
const Code kEmotions[] = {{"W", "angry"}, {"L", "boredom"}, {"E", "disgust"}, {"A", "fearful"},
                          {"F", "happy"}, {"T", "sad"},     {"N", "neutral"}};

Gender emodb_gender(const std::string& speaker) {
  for (const char* male : {"03", "10", "11", "12", "15"}) {
    if (speaker == male) return Gender::Male;
  }
  for (const char* female : {"08", "09", "13", "14", "16"}) {
    if (speaker == female) return Gender::Female;
  }
  return Gender::Unknown;
}

NameParse parse_emodb(const std::filesystem::path& file) {
  const std::string s = file.stem().string();
  const bool shaped = s.size() == 7 && is_digits(s.substr(0, 2)) && std::islower(static_cast<unsigned char>(s[2])) &&
                      is_digits(s.substr(3, 2)) && std::islower(static_cast<unsigned char>(s[6]));
  const char* label = shaped ? look_up(kEmotions, s.substr(5, 1)) : nullptr;
  if (!label) return SkipReason{"name does not match SSTTTEV (e.g. 03a01Fa)"};
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = label;
  u.original_label = s.substr(5, 1);
  u.speaker = "emodb:" + s.substr(0, 2);
  u.language = "de";
  u.gender = emodb_gender(s.substr(0, 2));
  u.extras = {{"text", s.substr(2, 3)}, {"version", s.substr(6, 1)}};
  named.key = s;
  return named;
}

}  // namespace

CorpusListing read_emodb(const std::filesystem::path& root, const ReaderOptions&) {
  return scan_corpus("emodb", root, parse_emodb);
}

}  // namespace ser::data
