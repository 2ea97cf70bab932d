#include "train/dist/shared_extraction.h"

#include <chrono>

#include "common/error.h"

namespace ser::train::dist {
namespace {

// A share's results: hits, misses, then per job: 1 and its features as a cache entry, or 0 and
// its error; every field little-endian, texts preceded by their length.
void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

void put_text(std::string& out, const std::string& text) {
  put_u64(out, text.size());
  out += text;
}

class ShareReader {
 public:
  explicit ShareReader(const std::string& bytes) : bytes_(bytes) {}
  uint64_t u64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t(static_cast<unsigned char>(bytes_[pos_ + size_t(i)])) << (8 * i);
    pos_ += 8;
    return v;
  }
  bool flag() {
    need(1);
    return bytes_[pos_++] != 0;
  }
  std::string text() {
    const uint64_t n = u64();
    need(n);
    std::string out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  void need(uint64_t n) const {
    if (n > bytes_.size() - pos_) throw Error("distributed job: a rank sent a truncated share of features");
  }
  const std::string& bytes_;
  size_t pos_ = 0;
};

}  // namespace

ExtractionResult extract_shared(const std::vector<ExtractionJob>& jobs, const ExtractionOptions& options,
                                const FeatureCache& cache, const ExtractionProgress& progress, Group& group) {
  const auto start = std::chrono::steady_clock::now();
  const auto n_ranks = static_cast<size_t>(group.size());
  std::vector<ExtractionJob> share;
  for (size_t i = static_cast<size_t>(group.rank()); i < jobs.size(); i += n_ranks) share.push_back(jobs[i]);
  const ExtractionResult own = extract_features(share, options, cache, progress);

  std::string packed;
  put_u64(packed, own.hits);
  put_u64(packed, own.misses);
  for (size_t k = 0; k < share.size(); ++k) {
    const bool ok = own.errors[k].empty();
    packed.push_back(ok ? 1 : 0);
    put_text(packed, ok ? encode_entry(cache.recipe_key(), share[k].cache_key(), own.features[k]) : own.errors[k]);
  }
  const std::vector<std::string> parts = group.all_gather(packed, "extracted features");

  ExtractionResult result;
  result.features.resize(jobs.size());
  result.errors.resize(jobs.size());
  for (size_t r = 0; r < n_ranks; ++r) {
    ShareReader in(parts[r]);
    result.hits += in.u64();
    result.misses += in.u64();
    for (size_t i = r; i < jobs.size(); i += n_ranks) {
      const bool ok = in.flag();
      const std::string text = in.text();
      if (!ok) {
        result.errors[i] = text;
        continue;
      }
      auto features = decode_entry(text, cache.recipe_key(), jobs[i].cache_key());
      if (!features) throw Error("distributed job: rank " + std::to_string(r) + " sent damaged features of " + jobs[i].path);
      result.features[i] = std::move(*features);
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace ser::train::dist
