// Files and JSON named by options (option_file.h).
#include "option_file.h"

#include <fstream>
#include <sstream>

#include "common/bounded_json.h"
#include "common/error.h"

namespace ser::cli {

std::string read_option_file(const std::string& path, const std::string& option, const std::string& what,
                             const std::string& hint) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!(in && text << in.rdbuf())) throw Error(option + ": cannot read the " + what + " '" + path + "'" + hint);
  return text.str();
}

nlohmann::json parse_option_json(const std::string& text, const std::string& option, const std::string& source) {
  JsonParse parsed = parse_json(text);
  if (!parsed) throw Error(option + ": " + source + ": " + parsed.error);
  return std::move(parsed.value);
}

}  // namespace ser::cli
