#include "data/corpora/mesd.h"

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

const Code kEmotions[] = {{"anger", "angry"},  {"disgust", "disgust"}, {"fear", "fearful"},
                          {"happiness", "happy"}, {"neutral", "neutral"}, {"sadness", "sad"}};

// Whether a folder between the root and the file says "reduced" (naturalness-reduced voices).
bool under_reduced_folder(const fs::path& root, const fs::path& file) {
  for (const fs::path& part : file.parent_path().lexically_relative(root)) {
    if (to_lower(part.string()).find("reduced") != std::string::npos) return true;
  }
  return false;
}

NameParse parse_mesd(const fs::path& root, const fs::path& file, const ReaderOptions& options) {
  const std::vector<std::string> f = split(file.stem().string(), '_');
  const bool reduced = under_reduced_folder(root, file);
  const size_t word_at = reduced ? 4 : 3;
  const char* label = f.size() > word_at ? look_up(kEmotions, to_lower(f[0])) : nullptr;
  const std::string voice = f.size() > 1 ? f[1] : "";
  const std::string corpus = f.size() > 2 ? f[2] : "";
  if (!label || (voice != "F" && voice != "M" && voice != "C") || (corpus != "A" && corpus != "B")) {
    return SkipReason{reduced ? "name does not match Emotion_F_B_LEVEL_word" : "name does not match Emotion_V_C_word"};
  }
  if (reduced && !options.mesd_naturalness_reduced) return SkipReason{"naturalness-reduced voice is not kept"};
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = label;
  u.original_label = f[0];
  u.speaker = "mesd:" + voice;
  u.language = "es";
  u.gender = voice == "F" ? Gender::Female : voice == "M" ? Gender::Male : Gender::Unknown;
  u.extras = {{"voice", voice == "F" ? "female" : voice == "M" ? "male" : "child"},
              {"corpus", corpus},
              {"word", join(f, " ", word_at)}};
  if (reduced) u.extras["naturalness_reduction"] = f[3];
  named.key = to_lower(file.stem().string());
  return named;
}

}  // namespace

CorpusListing read_mesd(const fs::path& root, const ReaderOptions& options) {
  return scan_corpus("mesd", root, [&](const fs::path& file) { return parse_mesd(root, file, options); });
}

}  // namespace ser::data
