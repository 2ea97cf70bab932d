// seremotion: JSON read from files a stranger may have written, with its nesting bounded.
//
// nlohmann::json parses without recursion, but copying, comparing and dumping a value recurse
// once per level of nesting: 100,000 nested objects in a 200 KB model bundle (10,000 under
// AddressSanitizer) overflow the stack of whoever copies them. Nothing seremotion reads (model
// metadata, a tensor index, a FeatureSpec) nests more than a few levels, so text nested deeper
// than kMaxJsonDepth is refused before it is parsed, and a value built in memory is measured
// without recursion before it is copied.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ser {

// Arrays and objects inside one another, counting the outermost as 1. Generous: model metadata
// nests 6 levels (evaluation.scores.per_class[i].f1.mean).
constexpr std::size_t kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in `text`, found by one pass over its brackets
// (those inside strings do not count). Text that is not JSON gives a number too; the parser
// refuses it afterwards.
std::size_t json_text_depth(std::string_view text);

// The deepest nesting of arrays and objects in `value` (a scalar: 0), without recursion.
std::size_t json_depth(const nlohmann::json& value);

// The outcome of parse_json: the value, or why there is none.
struct JsonParse {
  nlohmann::json value;  // discarded when error is set
  std::string error;     // "" on success, else e.g. "nested 100000 levels deep (at most 64)"

  explicit operator bool() const { return error.empty(); }
};

// Parses `text` as one JSON value, refusing text nested deeper than `max_depth` before the
// parser sees it. Never throws for bad text: the caller names the file or field in its own error.
JsonParse parse_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

// "nested N levels deep, more than the M allowed": the message for a value or text too deep.
std::string json_depth_problem(std::size_t depth, std::size_t max_depth = kMaxJsonDepth);

}  // namespace ser
