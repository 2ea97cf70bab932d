#include "data/audio_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
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

std::vector<fs::path> list_audio_files(const fs::path& root, SkippedFiles* skipped) {
  const auto skip = [skipped](const fs::path& p, const std::string& reason) {
    if (skipped != nullptr) skipped->add(p.string(), reason);
  };
  std::vector<fs::path> files;
  std::set<std::pair<dev_t, ino_t>> walked;  // real folders, by device and inode
  std::vector<fs::path> folders{root};
  bool at_root = true;
  while (!folders.empty()) {
    const fs::path folder = std::move(folders.back());
    folders.pop_back();
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
      if (at_root) throw Error("cannot list the files under " + root.string() + ": " + std::strerror(errno));
      skip(folder, std::string("a folder that cannot be read: ") + std::strerror(errno));
      continue;
    }
    if (!walked.insert({st.st_dev, st.st_ino}).second) {
      skip(folder, "a folder already listed (a link back to a folder above it, or a second link to it)");
      continue;
    }
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      if (at_root) throw Error("cannot list the files under " + root.string() + ": " + ec.message());
      skip(folder, "a folder that cannot be read: " + ec.message());
      continue;
    }
    at_root = false;
    // In name order, so that what is skipped is reported in the same order on every file system.
    std::vector<fs::path> entries;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) entries.push_back(it->path());
    if (ec) skip(folder, "a folder whose listing failed part way: " + ec.message());
    std::sort(entries.begin(), entries.end());
    std::vector<fs::path> subfolders;
    for (const fs::path& p : entries) {
      if (is_hidden(p)) continue;
      struct stat target {};
      if (::stat(p.c_str(), &target) != 0) {  // follows links
        const int error = errno;
        struct stat link {};
        const bool is_link = ::lstat(p.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
        skip(p, !is_link ? std::string("cannot be read: ") + std::strerror(error)
                : error == ELOOP ? "a symbolic link loop"
                : error == ENOENT ? "a dangling symbolic link (its target does not exist)"
                                  : std::string("a symbolic link that cannot be followed: ") + std::strerror(error));
        continue;
      }
      if (S_ISDIR(target.st_mode)) {
        if (is_audio_file(p)) skip(p, "a folder named like an audio file");
        subfolders.push_back(p);
      } else if (S_ISREG(target.st_mode)) {
        if (is_audio_file(p)) files.push_back(p);
      } else {
        skip(p, S_ISFIFO(target.st_mode) ? "not a regular file (a FIFO)"
                : S_ISSOCK(target.st_mode) ? "not a regular file (a socket)"
                                           : "not a regular file (a device)");
      }
    }
    folders.insert(folders.end(), subfolders.rbegin(), subfolders.rend());  // the first name is walked first
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace ser::data
