#include "data/corpus_scan.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "data/audio_files.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

struct Candidate {
  NamedUtterance named;
  fs::path path;
};

// Which of two copies of one recording is kept.
bool better(const Candidate& a, const Candidate& b) {
  return std::make_tuple(a.named.preference, !is_lossless_audio(a.path), a.path) <
         std::make_tuple(b.named.preference, !is_lossless_audio(b.path), b.path);
}

}  // namespace

CorpusListing scan_corpus(const std::string& corpus, const fs::path& root, const NameParser& parse) {
  CorpusListing listing;
  listing.corpus = corpus;
  listing.root = root.string();
  std::map<std::string, Candidate> kept;  // key -> the copy kept so far
  for (const fs::path& file : list_audio_files(root, &listing.skipped)) {
    NameParse parsed = parse(file);
    if (const auto* skip = std::get_if<SkipReason>(&parsed)) {
      listing.skipped.add(file.string(), skip->reason);
      continue;
    }
    Candidate candidate{std::move(std::get<NamedUtterance>(parsed)), file};
    auto [it, inserted] = kept.try_emplace(candidate.named.key, candidate);
    if (inserted) continue;
    Candidate& incumbent = it->second;
    if (better(candidate, incumbent)) std::swap(candidate, incumbent);
    listing.skipped.add(candidate.path.string() + ", a copy of " + incumbent.path.string(),
                        "duplicate recording");
  }
  for (auto& [key, candidate] : kept) {
    Utterance u = std::move(candidate.named.utterance);
    u.path = candidate.path.string();
    u.corpus = corpus;
    listing.utterances.push_back(std::move(u));
  }
  std::sort(listing.utterances.begin(), listing.utterances.end(),
            [](const Utterance& a, const Utterance& b) { return a.path < b.path; });
  return listing;
}

}  // namespace ser::data
