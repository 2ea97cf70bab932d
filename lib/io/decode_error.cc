#include "io/decode_error.h"

#include <cstdio>

namespace ser::io {

DecodeError decode_error(const std::string& path, const std::string& what) {
  return DecodeError("cannot decode '" + path + "': " + what);
}

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", seconds);
  return text;
}

}  // namespace ser::io
