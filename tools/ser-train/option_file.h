// ser-train: the files and JSON that options name (--features FILE, --spec FILE, --hp-json FILE,
// average --evaluation FILE), read one way, each error starting with the option.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ser::cli {

// The whole text of the file at `path`. Throws ser::Error "<option>: cannot read the <what>
// '<path>'" (then `hint`, e.g. " (or give the JSON object inline)") when it cannot be read.
std::string read_option_file(const std::string& path, const std::string& option, const std::string& what,
                             const std::string& hint = "");

// `text` parsed as JSON, its nesting bounded (common/bounded_json.h: a stranger's file). Throws
// ser::Error "<option>: <source>: <why>" otherwise (not valid JSON, or nested too deep).
nlohmann::json parse_option_json(const std::string& text, const std::string& option, const std::string& source);

}  // namespace ser::cli
