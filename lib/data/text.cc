#include "data/text.h"

namespace ser::data {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep, size_t first) {
  std::string out;
  for (size_t i = first; i < parts.size(); ++i) {
    if (i > first) out += sep;
    out += parts[i];
  }
  return out;
}

std::string trim(std::string_view s) {
  const char* blanks = " \t\r\n";
  const size_t begin = s.find_first_not_of(blanks);
  if (begin == std::string_view::npos) return {};
  const size_t end = s.find_last_not_of(blanks);
  return std::string(s.substr(begin, end - begin + 1));
}

bool is_digits(std::string_view s, size_t length) {
  if (s.empty() || (length > 0 && s.size() != length)) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace ser::data
