#include "data/corpora/tess.h"

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

// TESS's emotion words (file suffixes and folder names, lower case) -> label.
const Code kEmotions[] = {{"angry", "angry"},     {"disgust", "disgust"},
                          {"fear", "fearful"},    {"happy", "happy"},
                          {"neutral", "neutral"}, {"ps", "surprised"},
                          {"pleasant_surprise", "surprised"}, {"pleasant_surprised", "surprised"},
                          {"sad", "sad"}};

const char* tess_label(const std::string& word) { return look_up(kEmotions, word); }

NameParse parse_tess(const std::filesystem::path& file) {
  const std::vector<std::string> f = split(to_lower(file.stem().string()), '_');
  if (f.size() < 3 || (f[0] != "oaf" && f[0] != "yaf")) {
    return SkipReason{"name does not match OAF_word_emotion or YAF_word_emotion"};
  }
  std::string emotion = join(f, "_", 2);
  if (!tess_label(emotion)) {
    // The folder, e.g. "OAF_Pleasant_surprise", names the emotion too.
    const std::vector<std::string> folder = split(to_lower(file.parent_path().filename().string()), '_');
    if (folder.size() >= 2 && folder[0] == f[0]) emotion = join(folder, "_", 1);
  }
  const char* label = tess_label(emotion);
  if (!label) return SkipReason{"emotion is not one of angry, disgust, fear, happy, neutral, ps, sad"};
  const bool older = f[0] == "oaf";
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = label;
  u.original_label = emotion;
  u.speaker = older ? "tess:OAF" : "tess:YAF";
  u.language = "en";
  u.gender = Gender::Female;
  u.extras = {{"word", f[1]}, {"age", older ? "64" : "26"}};
  named.key = f[0] + "_" + f[1] + "_" + label;
  return named;
}

}  // namespace

CorpusListing read_tess(const std::filesystem::path& root, const ReaderOptions&) {
  return scan_corpus("tess", root, parse_tess);
}

}  // namespace ser::data
