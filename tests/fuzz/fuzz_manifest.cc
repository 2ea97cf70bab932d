// Fuzz target: the generic CSV manifest (path,label,speaker[,language], with or without a header).
//
// The input is written as manifest.csv in a folder holding a.wav and b/c.flac, so that rows can
// name files that exist. Every input must be read or refused with a ser::Error; the rows kept
// must name files that exist, and every row must be kept or counted as skipped.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/error.h"
#include "data/corpora/csv_manifest.h"
#include "data/csv.h"

namespace {

namespace fs = std::filesystem;

const fs::path& folder() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("seremotion-fuzz-manifest-" + std::to_string(::getpid()));
    fs::create_directories(d / "b");
    std::ofstream(d / "a.wav") << "RIFF";
    std::ofstream(d / "b" / "c.flac") << "fLaC";
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path manifest = folder() / "manifest.csv";
  {
    std::ofstream out(manifest, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const ser::data::CorpusListing listing = ser::data::read_csv_manifest(manifest);
    for (const auto& u : listing.utterances) {
      std::error_code ec;
      if (!fs::is_regular_file(u.path, ec) || u.label.empty() || u.speaker.empty()) std::abort();
    }
    const auto rows = ser::data::read_csv_file(manifest);
    if (listing.utterances.size() + listing.skipped.count > rows.size()) std::abort();
  } catch (const ser::Error&) {
  }
  return 0;
}
