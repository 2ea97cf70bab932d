#include "data/corpora/crema_d.h"

#include <map>
#include <system_error>

#include "data/code_table.h"
#include "data/corpus_scan.h"
#include "data/csv.h"
#include "data/text.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

const Code kSentences[] = {{"IEO", "It's eleven o'clock"},
                           {"TIE", "That is exactly what happened"},
                           {"IOM", "I'm on my way to the meeting"},
                           {"IWW", "I wonder what this is about"},
                           {"TAI", "The airplane is almost full"},
                           {"MTI", "Maybe tomorrow it will be cold"},
                           {"IWL", "I would like a new alarm clock"},
                           {"ITH", "I think I have a doctor's appointment"},
                           {"DFA", "Don't forget a jacket"},
                           {"ITS", "I think I've seen this before"},
                           {"TSI", "The surface is slick"},
                           {"WSI", "We'll stop in a couple of minutes"}};
const Code kEmotions[] = {{"ANG", "angry"}, {"DIS", "disgust"}, {"FEA", "fearful"},
                          {"HAP", "happy"}, {"NEU", "neutral"}, {"SAD", "sad"}};
const Code kLevels[] = {{"LO", "low"}, {"MD", "medium"}, {"HI", "high"}, {"XX", "unspecified"}};

// ActorID -> gender, from the first VideoDemographics.csv found at or above the root.
std::map<std::string, Gender> read_demographics(const fs::path& root) {
  std::map<std::string, Gender> genders;
  std::error_code ec;
  fs::path dir = fs::absolute(root, ec).lexically_normal();
  for (int up = 0; up <= 2 && !dir.empty(); ++up, dir = dir.parent_path()) {
    const fs::path csv = dir / "VideoDemographics.csv";
    if (!fs::is_regular_file(csv, ec)) continue;
    for (const CsvRow& row : read_csv_file(csv)) {
      if (row.fields.size() < 3) continue;
      const std::string sex = to_lower(row.fields[2]);
      if (sex == "male" || sex == "female") {
        genders[row.fields[0]] = sex == "male" ? Gender::Male : Gender::Female;
      }
    }
    break;
  }
  return genders;
}

NameParse parse_crema_d(const fs::path& file, const std::map<std::string, Gender>& genders) {
  const std::string stem = file.stem().string();
  const std::vector<std::string> f = split(stem, '_');
  const bool shaped = f.size() == 4 && is_digits(f[0], 4) && look_up(kSentences, f[1]) && look_up(kEmotions, f[2]) &&
                      look_up(kLevels, f[3]);
  if (!shaped) return SkipReason{"name does not match AAAA_SSS_EEE_LL (e.g. 1001_DFA_ANG_XX)"};
  if (stem == "1076_MTI_SAD_XX") return SkipReason{"known to have no signal"};
  NamedUtterance named;
  Utterance& u = named.utterance;
  u.label = look_up(kEmotions, f[2]);
  u.original_label = f[2];
  u.speaker = "crema-d:" + f[0];
  u.language = "en";
  const auto g = genders.find(f[0]);
  u.gender = g == genders.end() ? Gender::Unknown : g->second;
  u.extras = {{"sentence", f[1]}, {"text", look_up(kSentences, f[1])}, {"level", look_up(kLevels, f[3])}};
  named.key = stem;
  return named;
}

}  // namespace

CorpusListing read_crema_d(const fs::path& root, const ReaderOptions&) {
  const std::map<std::string, Gender> genders = read_demographics(root);
  return scan_corpus("crema-d", root, [&](const fs::path& file) { return parse_crema_d(file, genders); });
}

}  // namespace ser::data
