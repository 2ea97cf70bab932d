#include "train/inputs/content_hash.h"

#include <cstdio>
#include <memory>
#include <vector>

#include "common/error.h"

namespace ser::train {
namespace {

constexpr uint64_t kFnvPrime = 0x100000001B3ULL;
constexpr uint64_t kFnvOffset = 0xCBF29CE484222325ULL;

uint64_t finalise(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t load_le(const unsigned char* p, std::size_t n) {
  uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) w |= uint64_t(p[i]) << (8 * i);
  return w;
}

// The running state over whole words; the tail and length are folded in by finish().
struct Hasher {
  uint64_t h;
  uint64_t length = 0;

  explicit Hasher(uint64_t seed) : h(kFnvOffset ^ finalise(seed)) {}

  void words(const unsigned char* p, std::size_t n_words) {
    for (std::size_t i = 0; i < n_words; ++i) h = (h ^ load_le(p + 8 * i, 8)) * kFnvPrime;
    length += 8 * n_words;
  }
  uint64_t finish(const unsigned char* tail, std::size_t n) {
    if (n > 0) h = (h ^ load_le(tail, n)) * kFnvPrime;
    return finalise(h ^ (length + n));
  }
};

}  // namespace

std::string ContentHash::text() const {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx-%llu", static_cast<unsigned long long>(hash),
                static_cast<unsigned long long>(size));
  return buf;
}

bool operator==(const ContentHash& a, const ContentHash& b) { return a.hash == b.hash && a.size == b.size; }

uint64_t hash_bytes(const void* data, std::size_t size, uint64_t seed) {
  const auto* p = static_cast<const unsigned char*>(data);
  Hasher hasher(seed);
  hasher.words(p, size / 8);
  return hasher.finish(p + size / 8 * 8, size % 8);
}

uint64_t hash_combine(uint64_t a, uint64_t b) { return finalise(a ^ finalise(b + 0x9E3779B97F4A7C15ULL)); }

ContentHash hash_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error("cannot read '" + path + "' to fingerprint it for the feature cache");
  constexpr std::size_t kChunk = 1 << 16;  // a multiple of 8: only the last chunk has a tail
  std::vector<unsigned char> buf(kChunk);
  Hasher hasher(0);
  for (;;) {
    const std::size_t n = std::fread(buf.data(), 1, kChunk, f.get());
    if (n < kChunk) {
      if (std::ferror(f.get())) throw Error("cannot read '" + path + "' to fingerprint it for the feature cache");
      hasher.words(buf.data(), n / 8);
      const uint64_t h = hasher.finish(buf.data() + n / 8 * 8, n % 8);
      return {h, hasher.length + n % 8};
    }
    hasher.words(buf.data(), kChunk / 8);
  }
}

}  // namespace ser::train
