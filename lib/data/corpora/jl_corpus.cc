#include "data/corpora/jl_corpus.h"

#include <algorithm>

#include "data/corpus_scan.h"
#include "data/text.h"

namespace ser::data {
namespace {

const char* const kPrimary[] = {"angry", "sad", "neutral", "happy", "excited"};
const char* const kSecondary[] = {"anxious", "apologetic", "assertive", "concerned", "encouraging"};

bool listed(const std::string& emotion, const char* const (&list)[5]) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* e) { return emotion == e; });
}

// "female1" -> gender; Unknown when it is not female<N> or male<N>.
Gender speaker_gender(const std::string& speaker) {
  for (const auto& [prefix, gender] : {std::pair{"female", Gender::Female}, std::pair{"male", Gender::Male}}) {
    const std::string p = prefix;
    if (speaker.compare(0, p.size(), p) == 0 && is_digits(speaker.substr(p.size()))) return gender;
  }
  return Gender::Unknown;
}

// "1a": digits, then at most one letter.
bool is_sentence_id(const std::string& s) {
  const size_t digits = s.find_first_not_of("0123456789");
  if (digits == 0 || s.empty()) return false;
  return digits == std::string::npos || (digits + 1 == s.size() && s[digits] >= 'a' && s[digits] <= 'z');
}

NameParse parse_jl(const std::filesystem::path& file) {
  const std::vector<std::string> f = split(to_lower(file.stem().string()), '_');
  if (f.size() != 4 || speaker_gender(f[0]) == Gender::Unknown || !is_sentence_id(f[2]) || !is_digits(f[3])) {
    return SkipReason{"name does not match SPEAKER_emotion_SENTENCE_SESSION (e.g. female1_angry_1a_1)"};
  }
  const bool primary = listed(f[1], kPrimary);
  if (!primary && !listed(f[1], kSecondary)) return SkipReason{"emotion is not one of the corpus's ten"};
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = f[1];
  u.original_label = f[1];
  u.speaker = "jl-corpus:" + f[0];
  u.language = "en";
  u.gender = speaker_gender(f[0]);
  u.extras = {{"sentence", f[2]}, {"session", f[3]}, {"emotion_kind", primary ? "primary" : "secondary"}};
  named.key = join(f, "_");
  return named;
}

}  // namespace

CorpusListing read_jl_corpus(const std::filesystem::path& root, const ReaderOptions&) {
  return scan_corpus("jl-corpus", root, parse_jl);
}

}  // namespace ser::data
