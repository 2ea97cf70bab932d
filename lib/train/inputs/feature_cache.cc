#include "train/inputs/feature_cache.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"
#include "common/error.h"
#include "common/crc32.h"
#include "train/inputs/content_hash.h"

namespace ser::train {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'S', 'E', 'R', 'F', 'E', 'A', 'T', '1'};
// Far more than any real file has; a larger count in a header means the entry is damaged.
constexpr uint32_t kMaxWindows = 1u << 20;
constexpr uint32_t kMaxDim = 1u << 20;

std::string hex(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

template <typename T>
void put(std::string& out, T v) {
  unsigned char b[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) b[i] = static_cast<unsigned char>(uint64_t(v) >> (8 * i));
  out.append(reinterpret_cast<const char*>(b), sizeof(T));
}

// Reads little-endian values from a byte range; every read past the end fails the whole parse.
class Reader {
 public:
  explicit Reader(const std::string& bytes, size_t end) : bytes_(bytes), end_(end) {}
  template <typename T>
  bool get(T& v) {
    if (pos_ + sizeof(T) > end_) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < sizeof(T); ++i) x |= uint64_t(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    v = static_cast<T>(x);
    pos_ += sizeof(T);
    return true;
  }
  bool floats(float* dst, size_t n) {
    if (n > (end_ - pos_) / sizeof(float)) return false;
    for (size_t i = 0; i < n; ++i) {
      uint32_t u = 0;
      get(u);
      std::memcpy(dst + i, &u, sizeof u);
    }
    return true;
  }
  bool bytes(char* dst, size_t n) {
    if (pos_ + n > end_) return false;
    std::memcpy(dst, bytes_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool at_end() const { return pos_ == end_; }

 private:
  const std::string& bytes_;
  size_t end_;
  size_t pos_ = 0;
};

}  // namespace

std::string encode_entry(uint64_t recipe_key, uint64_t key, const FileFeatures& f) {
  std::string out(kMagic, sizeof kMagic);
  put<uint64_t>(out, recipe_key);
  put<uint64_t>(out, key);
  put<uint32_t>(out, static_cast<uint32_t>(f.windows.size()));
  for (size_t i = 0; i < f.windows.size(); ++i) {
    put<uint64_t>(out, f.spans[i].start);
    put<uint64_t>(out, f.spans[i].length);
    put<uint32_t>(out, static_cast<uint32_t>(f.windows[i].rows()));
    put<uint32_t>(out, static_cast<uint32_t>(f.windows[i].cols()));
  }
  for (const Matrix& m : f.windows) {
    for (float v : m.storage()) {
      uint32_t u;
      std::memcpy(&u, &v, sizeof u);
      put<uint32_t>(out, u);
    }
  }
  put<uint32_t>(out, crc32(out.data(), out.size()));
  return out;
}

std::optional<FileFeatures> decode_entry(const std::string& bytes, uint64_t recipe_key, uint64_t key) {
  if (bytes.size() < sizeof kMagic + 4) return std::nullopt;
  const size_t body = bytes.size() - 4;
  uint32_t stored_crc = 0;
  for (size_t i = 0; i < 4; ++i) stored_crc |= uint32_t(static_cast<unsigned char>(bytes[body + i])) << (8 * i);
  if (crc32(bytes.data(), body) != stored_crc) return std::nullopt;
  Reader r(bytes, body);
  char magic[sizeof kMagic];
  uint64_t file_recipe = 0, file_key = 0;
  uint32_t n = 0;
  if (!r.bytes(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return std::nullopt;
  if (!r.get(file_recipe) || !r.get(file_key) || file_recipe != recipe_key || file_key != key) return std::nullopt;
  if (!r.get(n) || n > kMaxWindows) return std::nullopt;
  FileFeatures f;
  f.spans.resize(n);
  std::vector<std::pair<uint32_t, uint32_t>> shapes(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t start = 0, length = 0;
    if (!r.get(start) || !r.get(length) || !r.get(shapes[i].first) || !r.get(shapes[i].second)) return std::nullopt;
    if (shapes[i].first > kMaxDim || shapes[i].second > kMaxDim) return std::nullopt;
    f.spans[i] = {static_cast<size_t>(start), static_cast<size_t>(length)};
  }
  f.windows.reserve(n);
  for (const auto& [rows, cols] : shapes) {
    Matrix m(rows, cols);
    if (!r.floats(m.data(), m.size())) return std::nullopt;
    f.windows.push_back(std::move(m));
  }
  if (!r.at_end()) return std::nullopt;
  return f;
}

namespace {

// Writes `bytes` to `path` whole or not at all (common/atomic_file.h); ser::Error naming the file.
void write_atomically(const std::string& path, const std::string& bytes) {
  try {
    write_file_atomically(path, bytes);
  } catch (const Error& e) {
    throw Error(std::string("feature cache: ") + e.what() + " (choose another folder with --cache)");
  }
}

}  // namespace

std::string default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/seremotion";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/seremotion";
  return "";
}

FeatureCache::FeatureCache(const std::string& dir, const nlohmann::json& recipe) {
  nlohmann::json described = recipe;
  described["cache_format"] = std::string(kMagic, sizeof kMagic);
  const std::string text = described.dump();
  recipe_key_ = hash_text(text);
  folder_ = (fs::path(dir) / hex(recipe_key_)).string();
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec) throw Error("feature cache: cannot create the folder '" + folder_ + "': " + ec.message());
  const std::string recipe_path = folder_ + "/recipe.json";
  if (!fs::exists(recipe_path, ec)) write_atomically(recipe_path, described.dump(2) + "\n");
}

std::string FeatureCache::entry_path(uint64_t key) const { return folder_ + "/" + hex(key) + ".feat"; }

std::optional<FileFeatures> FeatureCache::load(uint64_t key) const {
  if (!enabled()) return std::nullopt;
  std::ifstream in(entry_path(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return decode_entry(bytes.str(), recipe_key_, key);
}

void FeatureCache::store(uint64_t key, const FileFeatures& features) const {
  if (!enabled()) return;
  write_atomically(entry_path(key), encode_entry(recipe_key_, key, features));
}

}  // namespace ser::train
