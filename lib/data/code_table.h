// seremotion: a corpus's table of codes (file-name fields, label codes) and what they stand for.
#pragma once

#include <cstddef>
#include <string_view>

namespace ser::data {

struct Code {
  const char* code;   // as the corpus writes it: "W", "sa", "ANG", "neu"
  const char* value;  // what it stands for: usually a vocabulary label
};

// The value of `code` in the table (exact match), or nullptr when it is not there.
template <size_t N>
const char* look_up(const Code (&table)[N], std::string_view code) {
  for (const Code& c : table) {
    if (code == c.code) return c.value;
  }
  return nullptr;
}

}  // namespace ser::data
