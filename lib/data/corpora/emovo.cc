#include "data/corpora/emovo.h"

#include <cctype>

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

// disgusto, gioia, neutro, paura, rabbia, sorpresa, tristezza.
const Code kEmotions[] = {{"dis", "disgust"}, {"gio", "happy"},     {"neu", "neutral"}, {"pau", "fearful"},
                          {"rab", "angry"},   {"sor", "surprised"}, {"tri", "sad"}};

bool is_speaker(const std::string& s) {
  return s.size() == 2 && (s[0] == 'f' || s[0] == 'm') && std::isdigit(static_cast<unsigned char>(s[1]));
}

bool is_sentence(const std::string& s) {
  return s.size() == 2 && std::islower(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1]));
}

NameParse parse_emovo(const std::filesystem::path& file) {
  const std::vector<std::string> f = split(file.stem().string(), '-');
  const char* label = f.size() == 3 ? look_up(kEmotions, f[0]) : nullptr;
  if (!label || !is_speaker(f[1]) || !is_sentence(f[2])) {
    return SkipReason{"name does not match EEE-SS-TT (e.g. dis-f1-b1)"};
  }
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = label;
  u.original_label = f[0];
  u.speaker = "emovo:" + f[1];
  u.language = "it";
  u.gender = f[1][0] == 'f' ? Gender::Female : Gender::Male;
  u.extras = {{"sentence", f[2]}};
  named.key = file.stem().string();
  return named;
}

}  // namespace

CorpusListing read_emovo(const std::filesystem::path& root, const ReaderOptions&) {
  return scan_corpus("emovo", root, parse_emovo);
}

}  // namespace ser::data
