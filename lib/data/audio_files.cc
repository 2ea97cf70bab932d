#include "data/audio_files.h"

#include <algorithm>
#include <string>
#include <system_error>

#include "common/error.h"
#include "data/text.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

std::string extension_of(const fs::path& file) {
  std::string ext = to_lower(file.extension().string());
  return ext.empty() ? ext : ext.substr(1);
}

bool is_in(const std::string& ext, std::initializer_list<const char*> list) {
  return std::any_of(list.begin(), list.end(), [&](const char* e) { return ext == e; });
}

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return (!name.empty() && name[0] == '.') || name == "__MACOSX";
}

}  // namespace

bool is_audio_file(const fs::path& file) {
  return is_in(extension_of(file), {"wav", "wave", "flac", "mp3", "ogg", "oga", "opus", "aiff", "aif", "aifc",
                                    "m4a", "aac", "wma", "au", "snd", "caf", "wv", "spx", "mka"});
}

bool is_lossless_audio(const fs::path& file) {
  return is_in(extension_of(file), {"wav", "wave", "flac", "aiff", "aif", "aifc", "au", "snd", "caf", "wv"});
}

std::vector<fs::path> list_audio_files(const fs::path& root) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code entry_ec;  // a broken link is skipped, not a failed walk
    if (is_hidden(p)) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(entry_ec) && is_audio_file(p)) files.push_back(p);
  }
  if (ec) throw Error("cannot list the files under " + root.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ser::data
