#include "common/bounded_json.h"

#include <utility>
#include <vector>

namespace ser {

std::size_t json_text_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > deepest) deepest = depth;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

std::size_t json_depth(const nlohmann::json& value) {
  // Depth-first with an explicit stack of (value, its depth).
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 0}};
  std::size_t deepest = 0;
  while (!pending.empty()) {
    const auto [v, depth] = pending.back();
    pending.pop_back();
    if (!v->is_structured()) continue;
    const std::size_t inner = depth + 1;
    if (inner > deepest) deepest = inner;
    for (const auto& child : *v) pending.emplace_back(&child, inner);
  }
  return deepest;
}

std::string json_depth_problem(std::size_t depth, std::size_t max_depth) {
  return "nested " + std::to_string(depth) + " levels deep, more than the " + std::to_string(max_depth) + " allowed";
}

JsonParse parse_json(std::string_view text, std::size_t max_depth) {
  JsonParse out;
  const std::size_t depth = json_text_depth(text);
  if (depth > max_depth) {
    out.value = nlohmann::json(nlohmann::json::value_t::discarded);
    out.error = json_depth_problem(depth, max_depth);
    return out;
  }
  try {
    out.value = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    out.value = nlohmann::json(nlohmann::json::value_t::discarded);
    out.error = std::string("not valid JSON: ") + e.what();
  }
  return out;
}

}  // namespace ser
