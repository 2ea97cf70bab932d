#include "train/inputs/content_hash.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "common/error.h"
#include "lib/data/temp_tree.h"

namespace ser::train {
namespace {

using data::test::TempTree;

TEST(ContentHash, FileHashEqualsTheHashOfItsBytesAcrossChunkBoundaries) {
  TempTree tree;
  // Longer than the 64 KiB read chunk and not a multiple of 8, so that both the chunk boundary
  // and the tail are crossed.
  std::string bytes(70001, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + 7) & 0xff);
  tree.write("a.bin", bytes);
  const ContentHash h = hash_file(tree.path("a.bin"));
  EXPECT_EQ(h.size, bytes.size());
  EXPECT_EQ(h.hash, hash_bytes(bytes.data(), bytes.size()));
}

TEST(ContentHash, OneChangedByteOrOneMoreByteChangesTheHash) {
  std::string a(1000, 'x');
  std::string b = a;
  b[500] = 'y';
  const std::string c = a + '\0';
  EXPECT_NE(hash_text(a), hash_text(b));
  EXPECT_NE(hash_text(a), hash_text(c));  // a trailing zero byte is not the same content
  EXPECT_NE(hash_text(""), hash_text(std::string(1, '\0')));
}

TEST(ContentHash, ValuesAreFixedOnEveryPlatform) {
  // Pinned: a cache filled on one machine is read on another with the same keys.
  const uint64_t pinned = hash_text("seremotion");
  EXPECT_EQ(pinned, 0xc45a42da337c6bcaULL) << std::hex << pinned;
}

TEST(ContentHash, SeedAndCombineGiveOtherValues) {
  EXPECT_NE(hash_text("abc", 1), hash_text("abc", 2));
  EXPECT_NE(hash_combine(1, 2), hash_combine(2, 1));
}

TEST(ContentHash, TextNamesHashAndSize) {
  EXPECT_EQ((ContentHash{0xabcULL, 42}).text(), "0000000000000abc-42");
}

TEST(ContentHash, MissingFileIsAnErrorNamingIt) {
  try {
    hash_file("/nonexistent/file.wav");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/file.wav"), std::string::npos);
  }
}

}  // namespace
}  // namespace ser::train
