// seremotion: the one shape of every decoding failure message.
#pragma once

#include <string>

#include "common/error.h"

namespace ser::io {

// DecodeError("cannot decode '<path>': <what>"): the file first, so a failure in a batch of
// thousands says which one; `what` says what is wrong and, where there is one, the fix.
DecodeError decode_error(const std::string& path, const std::string& what);

// Seconds as messages write them: "1.536 s".
std::string format_seconds(double seconds);

}  // namespace ser::io
