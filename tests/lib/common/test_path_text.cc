// File names as JSON text (issue 14, defect 8: a name that is not UTF-8 became U+FFFD in
// report.json and could no longer be found).
#include "common/path_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ser {
namespace {

TEST(PathText, Utf8NamesAreKeptAndOtherBytesEscapedRecoverably) {
  EXPECT_EQ(path_text("/data/Colère/01-C-1-1.wav"), "/data/Colère/01-C-1-1.wav");
  const std::string latin1 = "/data/Col\xe8re/a.wav";  // è in Latin-1: not UTF-8
  EXPECT_EQ(path_text(latin1), "/data/Col\\xe8re/a.wav");
  EXPECT_EQ(path_text("a\\b"), "a\\\\b");
  EXPECT_EQ(path_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // a UTF-16 surrogate is not UTF-8
  EXPECT_EQ(path_text("\xc0\xaf"), "\\xc0\\xaf");                  // nor an overlong '/'
  EXPECT_EQ(path_text("\xf0\x9f\x98\x80!"), "\xf0\x9f\x98\x80!");  // U+1F600
  EXPECT_EQ(path_text("\xe2\x82"), "\\xe2\\x82");                  // cut short
  for (const std::string bytes : {latin1, std::string("a\\xe8\\\\b\xff"), std::string("\\x4"), std::string()}) {
    EXPECT_EQ(path_bytes(path_text(bytes)), bytes) << bytes;
    // Valid UTF-8 whatever the bytes: JSON takes it, and the report never shows U+FFFD.
    EXPECT_NO_THROW(nlohmann::json(path_text(bytes)).dump()) << bytes;
  }
}

}  // namespace
}  // namespace ser
