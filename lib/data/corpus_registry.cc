#include "data/corpus_registry.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "data/corpora/cafe.h"
#include "data/corpora/crema_d.h"
#include "data/corpora/csv_manifest.h"
#include "data/corpora/emodb.h"
#include "data/corpora/emovo.h"
#include "data/corpora/iemocap.h"
#include "data/corpora/jl_corpus.h"
#include "data/corpora/label_folders.h"
#include "data/corpora/mesd.h"
#include "data/corpora/ravdess.h"
#include "data/corpora/savee.h"
#include "data/corpora/tess.h"
#include "data/text.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

using Reader = CorpusListing (*)(const fs::path&, const ReaderOptions&);

struct CorpusEntry {
  const char* name;
  std::vector<const char*> aliases;
  const char* title;   // as the corpus calls itself, for messages
  const char* layout;  // what the reader expects
  Reader read;
};

const std::vector<CorpusEntry>& entries() {
  static const std::vector<CorpusEntry> table = {
      {"ravdess", {}, "RAVDESS", "Actor_XX/03-01-EE-II-SS-RR-AA.wav", read_ravdess},
      {"crema-d", {"crema", "cremad", "crema_d"}, "CREMA-D", "AudioWAV/1001_DFA_ANG_XX.wav", read_crema_d},
      {"tess", {}, "TESS", "OAF_angry/OAF_back_angry.wav or YAF_pleasant_surprised/YAF_back_ps.wav", read_tess},
      {"savee", {}, "SAVEE", "AudioData/DC/a01.wav or DC_a01.wav", read_savee},
      {"emodb", {"emo-db", "emo_db"}, "EMO-DB", "wav/03a01Fa.wav", read_emodb},
      {"emovo", {}, "EMOVO", "f1/dis-f1-b1.wav (actor folders f1..m3)", read_emovo},
      {"cafe", {}, "CaFE", "Colère/Faible/01-C-1-1.wav or Neutre/01-N-1.wav", read_cafe},
      {"mesd", {}, "MESD", "Anger_C_A_abajo.wav", read_mesd},
      {"jl-corpus", {"jl", "jl_corpus", "jlcorpus"}, "JL-corpus", "female1_angry_1a_1.wav", read_jl_corpus},
      {"iemocap", {}, "IEMOCAP",
       "Session1/dialog/EmoEvaluation/Ses01F_impro01.txt and Session1/sentences/wav/Ses01F_impro01/"
       "Ses01F_impro01_F000.wav",
       read_iemocap},
      {"csv", {"manifest"}, "CSV manifest", "rows path,label,speaker[,language]", read_csv_manifest},
      {"folders", {"folder"}, "label-folder", "<label>/*.wav, e.g. angry/a.wav or angry/<speaker>/a.wav",
       read_label_folders},
  };
  return table;
}

const CorpusEntry& entry(const std::string& name) {
  const auto canonical = canonical_corpus_name(name);
  for (const CorpusEntry& e : entries()) {
    if (canonical && *canonical == e.name) return e;
  }
  throw CorpusError("unknown corpus '" + name + "' (known corpora: " + join(corpus_names(), ", ") + ")");
}

// CorpusError unless the spec's path is what its reader reads: a manifest file for csv, else a folder.
void check_path(const CorpusEntry& e, const CorpusSpec& spec) {
  std::error_code ec;
  const fs::path path(spec.path);
  const bool wants_file = std::string(e.name) == "csv";
  if (!fs::exists(path, ec)) {
    throw CorpusError(std::string(e.title) + (wants_file ? " file " : " directory ") + spec.path +
                      " does not exist (from " + spec.name + "=" + spec.path + ")");
  }
  if (wants_file && !fs::is_regular_file(path, ec)) {
    throw CorpusError("csv=" + spec.path + " is not a file: csv= takes the manifest file itself");
  }
  if (!wants_file && !fs::is_directory(path, ec)) {
    throw CorpusError(std::string(e.title) + " path " + spec.path + " is not a directory: " + spec.name +
                      "= takes the corpus folder");
  }
}

}  // namespace

const std::vector<std::string>& corpus_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const CorpusEntry& e : entries()) n.emplace_back(e.name);
    return n;
  }();
  return names;
}

std::optional<std::string> canonical_corpus_name(const std::string& name) {
  const std::string key = to_lower(trim(name));
  for (const CorpusEntry& e : entries()) {
    if (key == e.name) return std::string(e.name);
    for (const char* alias : e.aliases) {
      if (key == alias) return std::string(e.name);
    }
  }
  return std::nullopt;
}

std::string corpus_layout(const std::string& name) { return entry(name).layout; }

CorpusListing read_corpus(const CorpusSpec& spec, const ReaderOptions& options) {
  const CorpusEntry& e = entry(spec.name);
  check_path(e, spec);
  CorpusListing listing = e.read(fs::path(spec.path), options);
  if (listing.utterances.empty()) {
    const std::string skipped = listing.skipped.summary();
    const bool manifest = std::string(e.name) == "csv";
    const std::string what = manifest ? "no usable row in CSV manifest " + spec.path
                                      : "no " + std::string(e.title) + " files found under " + spec.path;
    // The layouts show .wav; a corpus of FLAC or MP3 files is read the same way.
    const std::string extensions = manifest ? "" : " (or .flac, .mp3, .ogg, .opus or another audio extension)";
    throw CorpusError(what + ": expected " + e.layout + extensions + (skipped.empty() ? "" : "; " + skipped));
  }
  return listing;
}

}  // namespace ser::data
