// seremotion: FeatureCache, features computed once and kept on disk across folds and runs.
//
// Layout: <dir>/<recipe key>/recipe.json describes what every entry in that folder was computed
// with (the FeatureSpec, the training hop, the cache format), and <dir>/<recipe key>/<entry>.feat
// holds one file's FileFeatures. The recipe key is a hash of the recipe's JSON text, so changing
// any field of the spec or the hop opens a fresh folder and old entries are never misread. An
// entry is named by a key the caller derives from the file's content (content_hash.h), plus the
// augmentation and its seed for augmented copies (augmentation.h), never from the file's name.
//
// An entry file, little-endian:
//   "SERFEAT1"                         8 bytes, magic and format version
//   recipe key, entry key              u64 each: an entry copied to another folder is refused
//   n_windows                          u32
//   per window: start, length          u64 each (samples)
//               rows, cols             u32 each
//   the values                         f32, window after window, row-major
//   CRC-32 of everything above         u32 (common/crc32.h)
// An entry that is truncated, damaged or of another format is a miss (recomputed and rewritten),
// never an error. Writers write a temporary file in the same folder and rename() it into place,
// so that readers in other threads or processes sharing the folder see a whole entry or none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "train/inputs/file_features.h"

namespace ser::train {

// The bytes of an entry (the layout above) holding `features` under `key` of the recipe
// `recipe_key`; and back: nullopt when `bytes` are no such entry (damaged, truncated, another key).
// Also how the ranks of a distributed job send each other features (dist/shared_extraction.h).
std::string encode_entry(uint64_t recipe_key, uint64_t key, const FileFeatures& features);
std::optional<FileFeatures> decode_entry(const std::string& bytes, uint64_t recipe_key, uint64_t key);

// $XDG_CACHE_HOME/seremotion, else $HOME/.cache/seremotion; "" when neither variable is set.
std::string default_cache_dir();

class FeatureCache {
 public:
  // No cache: every load misses, stores do nothing.
  FeatureCache() = default;
  // Entries for `recipe` under `dir` (created when missing). Throws ser::Error naming the folder
  // when it cannot be created or written.
  FeatureCache(const std::string& dir, const nlohmann::json& recipe);

  bool enabled() const { return !folder_.empty(); }
  const std::string& folder() const { return folder_; }  // <dir>/<recipe key>
  uint64_t recipe_key() const { return recipe_key_; }

  // The entry filed under `key`, or nullopt when there is none or it is unreadable.
  std::optional<FileFeatures> load(uint64_t key) const;
  // Files `features` under `key`, replacing any entry of that key. Throws ser::Error naming the
  // file when it cannot be written (a full disk must not pass unnoticed).
  void store(uint64_t key, const FileFeatures& features) const;

  std::string entry_path(uint64_t key) const;

 private:
  std::string folder_;
  uint64_t recipe_key_ = 0;
};

}  // namespace ser::train
