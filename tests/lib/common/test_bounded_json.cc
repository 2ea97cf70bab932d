#include "common/bounded_json.h"

#include <gtest/gtest.h>

namespace ser {
namespace {

TEST(BoundedJson, TextDepthCountsBracketsOutsideStrings) {
  EXPECT_EQ(json_text_depth(""), 0u);
  EXPECT_EQ(json_text_depth("3"), 0u);
  EXPECT_EQ(json_text_depth("[]"), 1u);
  EXPECT_EQ(json_text_depth(R"({"a": [1, {"b": []}], "c": {}})"), 4u);
  EXPECT_EQ(json_text_depth(R"(["[[[[", "\"[[[", "\\", [1]])"), 2u);  // brackets in strings, escapes
  EXPECT_EQ(json_text_depth("]]]][["), 2u);  // not JSON, still a number
}

TEST(BoundedJson, TreeDepthWithoutRecursion) {
  EXPECT_EQ(json_depth(nlohmann::json(3)), 0u);
  EXPECT_EQ(json_depth(nlohmann::json::parse(R"({"a": [1, {"b": []}], "c": {}})")), 4u);
  nlohmann::json deep = nullptr;
  for (int i = 0; i < 200000; ++i) {
    nlohmann::json outer = nlohmann::json::array();
    outer.push_back(std::move(deep));
    deep = std::move(outer);
  }
  EXPECT_EQ(json_depth(deep), 200000u);
}

TEST(BoundedJson, ParseRefusesDeepTextBeforeParsingIt) {
  const JsonParse ok = parse_json(R"({"a": [1, 2]})");
  ASSERT_TRUE(ok) << ok.error;
  EXPECT_EQ(ok.value["a"][1], 2);
  const JsonParse deep = parse_json(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_FALSE(deep);
  EXPECT_EQ(deep.error, "nested 100000 levels deep, more than the 64 allowed");
  EXPECT_TRUE(parse_json(std::string(64, '[') + std::string(64, ']')));
  EXPECT_FALSE(parse_json(std::string(65, '[') + std::string(65, ']')));
  const JsonParse bad = parse_json("{\"a\": ");
  EXPECT_FALSE(bad);
  EXPECT_NE(bad.error.find("not valid JSON"), std::string::npos) << bad.error;
}

}  // namespace
}  // namespace ser
