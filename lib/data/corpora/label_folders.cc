#include "data/corpora/label_folders.h"

#include "data/audio_files.h"
#include "data/label_vocabulary.h"

namespace ser::data {
namespace fs = std::filesystem;

CorpusListing read_label_folders(const fs::path& root, const ReaderOptions& options) {
  CorpusListing listing;
  listing.corpus = "folders";
  listing.root = root.string();
  for (const fs::path& file : list_audio_files(root, &listing.skipped)) {
    const fs::path relative = file.lexically_relative(root);
    const auto parts = std::vector<fs::path>(relative.begin(), relative.end());
    if (parts.size() < 2) {
      listing.skipped.add(file.string(), "not in a label folder");
      continue;
    }
    const std::string folder = parts[0].string();
    const auto label = canonical_label(folder);
    if (!label) {
      listing.skipped.add(file.string(), "folder is not a label of the vocabulary");
      continue;
    }
    Utterance u;
    u.path = file.string();
    u.corpus = "folders";
    u.label = *label;
    u.original_label = folder;
    u.speaker = parts.size() > 2 ? "folders:" + parts[1].string()
                                 : "folders:file:" + (relative.parent_path() / relative.stem()).generic_string();
    u.language = options.default_language;
    listing.utterances.push_back(std::move(u));
  }
  return listing;
}

}  // namespace ser::data
