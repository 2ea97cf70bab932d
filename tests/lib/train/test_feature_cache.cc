#include "train/inputs/feature_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "common/error.h"
#include "lib/data/temp_tree.h"
#include "train/inputs/extractor_fingerprint.h"
#include "train/inputs/feature_extraction.h"

namespace ser::train {
namespace {

namespace fs = std::filesystem;
using data::test::TempTree;

FileFeatures sample_features(float base) {
  FileFeatures f;
  f.spans = {{0, 48000}, {16000, 40000}};
  for (int w = 0; w < 2; ++w) {
    Matrix m(3, 5);
    for (size_t i = 0; i < m.size(); ++i) m.data()[i] = base + 0.25f * float(i) - float(w);
    f.windows.push_back(m);
  }
  f.windows[1](2, 4) = -1e-30f;  // a denormal-ish value must come back bit for bit
  return f;
}

const nlohmann::json kRecipe = {{"features", "x"}, {"hop_samples", 16000}};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(FeatureCache, StoredFeaturesLoadBackExactly) {
  TempTree tree;
  const FeatureCache cache(tree.path("cache"), kRecipe);
  EXPECT_TRUE(cache.enabled());
  EXPECT_FALSE(cache.load(7).has_value());
  const FileFeatures f = sample_features(1.5f);
  cache.store(7, f);
  const auto back = cache.load(7);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, f);
  EXPECT_TRUE(fs::exists(cache.folder() + "/recipe.json"));
}

TEST(FeatureCache, ARecipeChangeOpensAnotherFolder) {
  TempTree tree;
  const FeatureCache a(tree.path("cache"), kRecipe);
  nlohmann::json other = kRecipe;
  other["hop_samples"] = 8000;
  const FeatureCache b(tree.path("cache"), other);
  EXPECT_NE(a.folder(), b.folder());
  a.store(1, sample_features(0.0f));
  EXPECT_FALSE(b.load(1).has_value());
}

// The recipe carries what this build's extractor computes, so that features an older build cached
// under the same spec are not read back as this one's.
TEST(FeatureCache, TheRecipeHoldsTheExtractorsFingerprint) {
  ExtractionOptions o;
  o.spec = features::FeatureSpec::preset("egemaps");
  const nlohmann::json recipe = o.cache_recipe();
  ASSERT_TRUE(recipe.contains("extractor"));
  const std::string fingerprint = recipe["extractor"];
  EXPECT_EQ(fingerprint.size(), 16u);
  EXPECT_EQ(extractor_fingerprint(o.spec), fingerprint);  // the same build, the same spec
  // Another computation gives another fingerprint even where the spec's other fields would not
  // (level_norm changes the numbers; mfcc40 and logmel64 differ in every field anyway).
  EXPECT_NE(extractor_fingerprint(features::FeatureSpec::preset("egemaps-level")), fingerprint);
  EXPECT_NE(extractor_fingerprint(features::FeatureSpec::preset("mfcc40")),
            extractor_fingerprint(features::FeatureSpec::preset("logmel64")));
}

TEST(FeatureCache, DamagedTruncatedOrMisfiledEntriesAreMisses) {
  TempTree tree;
  const FeatureCache cache(tree.path("cache"), kRecipe);
  cache.store(1, sample_features(2.0f));
  const std::string good = read_bytes(cache.entry_path(1));

  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  write_bytes(cache.entry_path(1), flipped);
  EXPECT_FALSE(cache.load(1).has_value());

  write_bytes(cache.entry_path(1), good.substr(0, good.size() - 3));
  EXPECT_FALSE(cache.load(1).has_value());

  write_bytes(cache.entry_path(1), "");
  EXPECT_FALSE(cache.load(1).has_value());

  // A whole, valid entry under another key's name is refused (the key is inside).
  write_bytes(cache.entry_path(2), good);
  EXPECT_FALSE(cache.load(2).has_value());

  // And the recomputed entry replaces the damaged one.
  write_bytes(cache.entry_path(1), flipped);
  cache.store(1, sample_features(2.0f));
  EXPECT_TRUE(cache.load(1).has_value());
}

TEST(FeatureCache, NoCacheMissesAndStoresNothing) {
  const FeatureCache none;
  EXPECT_FALSE(none.enabled());
  none.store(1, sample_features(0.0f));
  EXPECT_FALSE(none.load(1).has_value());
}

TEST(FeatureCache, ConcurrentWritersLeaveOneWholeEntryAndNoTemporaryFiles) {
  TempTree tree;
  const FeatureCache cache(tree.path("cache"), kRecipe);
  const FileFeatures f = sample_features(3.0f);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        cache.store(5, f);
        const auto back = cache.load(5);  // a reader never sees half an entry
        EXPECT_TRUE(back.has_value() && *back == f);
      }
    });
  }
  for (auto& w : writers) w.join();
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(cache.folder())) {
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
    ++files;
  }
  EXPECT_EQ(files, 2u);  // recipe.json and the entry
}

TEST(FeatureCache, UnwritableFolderIsAnErrorNamingIt) {
  TempTree tree;
  tree.write("file", "x");  // a file where the folder should be
  try {
    FeatureCache cache(tree.path("file/cache"), kRecipe);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("file/cache"), std::string::npos) << e.what();
  }
}

TEST(FeatureCache, DefaultFolderFollowsXdgThenHome) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const std::string saved = xdg ? xdg : "";
  setenv("XDG_CACHE_HOME", "/x/cache", 1);
  EXPECT_EQ(default_cache_dir(), "/x/cache/seremotion");
  unsetenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (home && *home) {
    EXPECT_EQ(default_cache_dir(), std::string(home) + "/.cache/seremotion");
  }
  if (xdg) setenv("XDG_CACHE_HOME", saved.c_str(), 1);
}

}  // namespace
}  // namespace ser::train
