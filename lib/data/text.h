// seremotion: the few string helpers the corpus readers share (file names are split into fields).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ser::data {

// ASCII lower case; other bytes (UTF-8 of "Colère") are kept as they are.
std::string to_lower(std::string_view s);
// Split on every `sep`: "a__b" gives {"a", "", "b"}; "" gives {""}.
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep, size_t first = 0);
// Without leading and trailing spaces, tabs, CR and LF.
std::string trim(std::string_view s);
// True when s is non-empty, all ASCII digits and, when `length` > 0, exactly that long.
bool is_digits(std::string_view s, size_t length = 0);

}  // namespace ser::data
