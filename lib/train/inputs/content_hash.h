// seremotion: a 64-bit fingerprint of a file's bytes, the key of its cached features.
//
// The cache must notice an edited file even when its name and time stamp stay, so it keys on
// the content. Reading a corpus file costs little next to decoding it (and leaves it in the page
// cache for the decoder), so the whole file is hashed: 8 bytes at a time, h = (h ^ word) * p
// with p the 64-bit FNV prime, the tail bytes as one zero-padded word, then the splitmix64
// finaliser (Steele, Lea & Flood, OOPSLA 2014) so that every input bit reaches every output bit.
// Words are read little-endian whatever the machine, so a fingerprint is the same everywhere.
// Not cryptographic: it guards against accidents, not against an adversary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ser::train {

struct ContentHash {
  uint64_t hash = 0;  // of the bytes
  uint64_t size = 0;  // bytes

  // "<16 hex digits>-<size>", the name a cache entry is filed under.
  std::string text() const;
};

bool operator==(const ContentHash& a, const ContentHash& b);
inline bool operator!=(const ContentHash& a, const ContentHash& b) { return !(a == b); }

// The fingerprint of `size` bytes; `seed` starts the state (0 for files).
uint64_t hash_bytes(const void* data, std::size_t size, uint64_t seed = 0);
inline uint64_t hash_text(std::string_view text, uint64_t seed = 0) { return hash_bytes(text.data(), text.size(), seed); }
// Mixes two 64-bit values into one (for deriving keys and seeds from several parts).
uint64_t hash_combine(uint64_t a, uint64_t b);

// The fingerprint of a file's bytes. Throws ser::Error naming the file when it cannot be read.
ContentHash hash_file(const std::string& path);

}  // namespace ser::train
