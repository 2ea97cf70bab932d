#include "data/corpora/ravdess.h"

#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

const char* const kEmotions[] = {"neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"};
const char* const kStatements[] = {"Kids are talking by the door", "Dogs are sitting by the door"};

// The two-digit field's value when it lies in [1, max], else 0.
int code(const std::string& field, int max) {
  if (!is_digits(field, 2)) return 0;
  const int value = std::stoi(field);
  return value >= 1 && value <= max ? value : 0;
}

NameParse parse_ravdess(const std::filesystem::path& file, const ReaderOptions& options) {
  const std::vector<std::string> f = split(file.stem().string(), '-');
  if (f.size() != 7) return SkipReason{"name does not match MM-VV-EE-II-SS-RR-AA"};
  const int modality = code(f[0], 3), channel = code(f[1], 2), emotion = code(f[2], 8);
  const int intensity = code(f[3], 2), statement = code(f[4], 2), repetition = code(f[5], 2);
  const int actor = code(f[6], 99);
  if (!modality || !channel || !emotion || !intensity || !statement || !repetition || !actor) {
    return SkipReason{"name does not match MM-VV-EE-II-SS-RR-AA"};
  }
  if (modality == 2) return SkipReason{"video-only (modality 02) has no audio"};
  if (channel == 2 && !options.ravdess_song) return SkipReason{"song (vocal channel 02) is not kept"};

  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = kEmotions[emotion - 1];
  u.original_label = f[2];
  u.speaker = "ravdess:" + f[6];
  u.language = "en";
  u.gender = actor % 2 == 1 ? Gender::Male : Gender::Female;
  u.extras = {{"modality", modality == 3 ? "audio-only" : "audio-visual"},
              {"vocal_channel", channel == 1 ? "speech" : "song"},
              {"intensity", intensity == 1 ? "normal" : "strong"},
              {"statement", kStatements[statement - 1]},
              {"repetition", std::to_string(repetition)}};
  named.key = join(f, "-", 1);  // the performance, whatever the modality
  named.preference = modality == 3 ? 0 : 1;
  return named;
}

}  // namespace

CorpusListing read_ravdess(const std::filesystem::path& root, const ReaderOptions& options) {
  return scan_corpus("ravdess", root, [&](const std::filesystem::path& file) { return parse_ravdess(file, options); });
}

}  // namespace ser::data
