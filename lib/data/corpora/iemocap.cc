#include "data/corpora/iemocap.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <system_error>

#include "data/audio_files.h"
#include "data/code_table.h"
#include "data/text.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

const Code kEmotions[] = {{"neu", "neutral"},    {"hap", "happy"},   {"exc", "excited"},
                          {"sad", "sad"},        {"ang", "angry"},   {"fru", "frustrated"},
                          {"fea", "fearful"},    {"sur", "surprised"}, {"dis", "disgust"},
                          {"oth", "other"}};

// One line of an EmoEvaluation file.
struct TurnLine {
  std::string start, end, turn, code;
  std::vector<std::string> vad;  // valence, activation, dominance
};

// "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]"; tabs or spaces.
std::optional<TurnLine> parse_turn_line(const std::string& line) {
  const size_t close = line.find(']');
  if (line.empty() || line[0] != '[' || close == std::string::npos) return std::nullopt;
  TurnLine t;
  const std::string times = line.substr(1, close - 1);
  const size_t dash = times.find(" - ");
  if (dash == std::string::npos) return std::nullopt;
  t.start = trim(times.substr(0, dash));
  t.end = trim(times.substr(dash + 3));
  std::string rest = trim(line.substr(close + 1));
  for (std::string* field : {&t.turn, &t.code}) {
    const size_t blank = rest.find_first_of(" \t");
    if (blank == std::string::npos) return std::nullopt;
    *field = rest.substr(0, blank);
    rest = trim(rest.substr(blank));
  }
  if (rest.size() < 2 || rest.front() != '[' || rest.back() != ']') return std::nullopt;
  for (const std::string& v : split(rest.substr(1, rest.size() - 2), ',')) t.vad.push_back(trim(v));
  if (t.vad.size() != 3) return std::nullopt;
  return t;
}

// The turn's speaker letter (F or M) from "Ses01F_impro01_M000"; 0 when the name is not a turn.
char speaker_letter(const std::string& turn) {
  const size_t last = turn.rfind('_');
  const bool shaped = turn.size() > 6 && turn.compare(0, 3, "Ses") == 0 && is_digits(turn.substr(3, 2)) &&
                      last != std::string::npos && last + 1 < turn.size();
  if (!shaped) return 0;
  const char c = turn[last + 1];
  return c == 'F' || c == 'M' ? c : 0;
}

// Session folders ("Session1".."Session5") in the root, or in one folder below it.
std::vector<fs::path> find_sessions(const fs::path& root) {
  auto sessions_in = [](const fs::path& dir) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_directory(ec) && name.size() > 7 && name.compare(0, 7, "Session") == 0 && is_digits(name.substr(7))) {
        found.push_back(it->path());
      }
    }
    std::sort(found.begin(), found.end());
    return found;
  };
  std::vector<fs::path> sessions = sessions_in(root);
  std::error_code ec;
  for (fs::directory_iterator it(root, ec); sessions.empty() && !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) sessions = sessions_in(it->path());
  }
  return sessions;
}

// Audio of a session by file stem (the turn name); a lossless copy wins over a lossy one.
std::map<std::string, fs::path> index_audio(const fs::path& session) {
  std::map<std::string, fs::path> audio;
  const fs::path wav = session / "sentences" / "wav";
  std::error_code ec;
  if (!fs::is_directory(wav, ec)) return audio;
  for (const fs::path& file : list_audio_files(wav)) {
    auto [it, inserted] = audio.try_emplace(file.stem().string(), file);
    if (!inserted && is_lossless_audio(file) && !is_lossless_audio(it->second)) it->second = file;
  }
  return audio;
}

std::vector<fs::path> evaluation_files(const fs::path& session) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(session / "dialog" / "EmoEvaluation", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const fs::path& p = it->path();
    if (it->is_regular_file(ec) && to_lower(p.extension().string()) == ".txt" && p.filename().string()[0] != '.') {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Utterance make_utterance(const TurnLine& t, const char* label, const fs::path& session, const fs::path& audio) {
  const char letter = speaker_letter(t.turn);
  const std::string dialog = t.turn.substr(0, t.turn.rfind('_'));
  Utterance u;
  u.path = audio.string();
  u.corpus = "iemocap";
  u.label = label;
  u.original_label = t.code;
  u.speaker = "iemocap:" + t.turn.substr(0, 5) + letter;
  u.language = "en";
  u.gender = letter == 'F' ? Gender::Female : Gender::Male;
  u.extras = {{"session", session.filename().string().substr(7)},
              {"dialog", dialog},
              {"kind", dialog.find("impro") != std::string::npos ? "improvised" : "scripted"},
              {"start", t.start},
              {"end", t.end},
              {"valence", t.vad[0]},
              {"activation", t.vad[1]},
              {"dominance", t.vad[2]}};
  return u;
}

void read_evaluation(const fs::path& file, const fs::path& session, const std::map<std::string, fs::path>& audio,
                     CorpusListing& listing) {
  std::ifstream in(file);
  if (!in) throw CorpusError("cannot read IEMOCAP evaluation file " + file.string());
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] != '[') continue;  // rater lines (C-E1:, A-E2:) and blanks
    const std::string where = file.string() + ":" + std::to_string(number);
    const std::optional<TurnLine> t = parse_turn_line(trim(line));
    if (!t || !speaker_letter(t->turn)) {
      listing.skipped.add(where, "line does not match [START - END] TURN EMO [V, A, D]");
      continue;
    }
    if (t->code == "xxx") {
      listing.skipped.add(t->turn, "no agreed label (xxx)");
      continue;
    }
    const char* label = look_up(kEmotions, t->code);
    if (!label) {
      listing.skipped.add(where, "label is not one of neu hap exc sad ang fru fea sur dis oth xxx");
      continue;
    }
    const auto found = audio.find(t->turn);
    if (found == audio.end()) {
      listing.skipped.add(t->turn, "no audio in sentences/wav/<dialog>/");
      continue;
    }
    listing.utterances.push_back(make_utterance(*t, label, session, found->second));
  }
}

}  // namespace

CorpusListing read_iemocap(const fs::path& root, const ReaderOptions&) {
  CorpusListing listing;
  listing.corpus = "iemocap";
  listing.root = root.string();
  for (const fs::path& session : find_sessions(root)) {
    const std::map<std::string, fs::path> audio = index_audio(session);
    for (const fs::path& file : evaluation_files(session)) read_evaluation(file, session, audio, listing);
  }
  auto& u = listing.utterances;
  std::stable_sort(u.begin(), u.end(), [](const Utterance& a, const Utterance& b) { return a.path < b.path; });
  // A turn in two evaluation files would be one recording counted twice.
  const auto same = [](const Utterance& a, const Utterance& b) { return a.path == b.path; };
  for (auto it = std::adjacent_find(u.begin(), u.end(), same); it != u.end(); it = std::adjacent_find(it, u.end(), same)) {
    listing.skipped.add((it + 1)->path, "turn listed twice");
    u.erase(it + 1);
  }
  return listing;
}

}  // namespace ser::data
