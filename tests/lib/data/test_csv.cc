#include "data/csv.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "error_of.h"

namespace ser::data {
namespace {

using Fields = std::vector<std::string>;

TEST(Csv, PlainRowsWithLineNumbers) {
  const auto rows = parse_csv("a,b,c\n1, 2 ,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(rows[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(rows[1].line, 2u);
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const auto rows = parse_csv("\"a, b.wav\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,row");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (Fields{"a, b.wav", "say \"hi\""}));
  EXPECT_EQ(rows[1].fields, (Fields{"two\nlines", "x"}));
  EXPECT_EQ(rows[2].line, 4u);
  EXPECT_EQ(rows[2].fields, (Fields{"last", "row"}));
}

TEST(Csv, CrlfBomBlankLinesAndEmptyFields) {
  const auto rows = parse_csv("\xEF\xBB\xBFpath,label\r\n\r\nx.wav,,\r\n\"\"\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (Fields{"path", "label"}));
  EXPECT_EQ(rows[1].fields, (Fields{"x.wav", "", ""}));
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[2].fields, (Fields{""}));  // a quoted empty field is a row, not a blank line
}

TEST(Csv, UnclosedQuoteNamesTheLine) {
  EXPECT_TRUE(test::mentions(test::error_of<Error>([] { parse_csv("a,b\nc,\"d\n"); }), "line 2"));
}

TEST(Csv, MissingFileIsAnErrorNamingIt) {
  EXPECT_TRUE(test::mentions(test::error_of<Error>([] { read_csv_file("/nonexistent/manifest.csv"); }),
                             "/nonexistent/manifest.csv"));
}

}  // namespace
}  // namespace ser::data
