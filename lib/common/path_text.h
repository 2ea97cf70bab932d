// seremotion: a file name as JSON-safe text that gives its bytes back.
//
// Linux file names are bytes; JSON text is UTF-8. A name that is not UTF-8 (a corpus copied from
// an old Latin-1 disk) used to become U+FFFD in report.json, and the file could no longer be found
// from the report. path_text keeps every valid UTF-8 sequence as it is, writes each other byte as
// the four characters \xNN (lowercase hex) and doubles every backslash, so that the text is valid
// UTF-8 and the bytes come back unambiguously:
//   Python: re.sub(rb"\\(\\|x([0-9a-f]{2}))", lambda m: bytes.fromhex(m[2].decode()) if m[2] else b"\\", s.encode())
#pragma once

#include <string>
#include <string_view>

namespace ser {

std::string path_text(std::string_view bytes);

// The bytes path_text(bytes) came from.
std::string path_bytes(std::string_view text);

}  // namespace ser
