#include "data/csv.h"

#include <fstream>
#include <sstream>

#include "common/error.h"
#include "data/text.h"

namespace ser::data {
namespace {

// One row's parse state: the field being built and whether it was quoted.
struct RowBuilder {
  CsvRow row;
  std::string field;
  bool quoted = false;      // the current field was quoted
  bool any_quoted = false;  // some field of the row was: "" is a row, not a blank line

  void end_field() {
    row.fields.push_back(quoted ? field : trim(field));
    field.clear();
    quoted = false;
  }
  bool blank() const { return row.fields.size() == 1 && row.fields[0].empty() && !any_quoted; }
};

}  // namespace

std::vector<CsvRow> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  RowBuilder b;
  size_t line = 1;
  b.row.line = line;
  bool in_quotes = false;
  size_t quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        b.field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        b.field += c;
      }
    } else if (c == '"' && !b.quoted && trim(b.field).empty()) {
      in_quotes = true;
      b.quoted = b.any_quoted = true;
      b.field.clear();
      quote_line = line;
    } else if (b.quoted && (c == ' ' || c == '\t')) {
      // blanks between a closing quote and the next comma
    } else if (c == ',') {
      b.end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      b.end_field();
      if (!b.blank()) rows.push_back(std::move(b.row));
      b = RowBuilder{};
      b.row.line = ++line;
    } else {
      b.field += c;
    }
  }
  if (in_quotes) throw Error("CSV quote opened on line " + std::to_string(quote_line) + " is never closed");
  b.end_field();
  if (!b.blank()) rows.push_back(std::move(b.row));
  return rows;
}

std::vector<CsvRow> read_csv_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse_csv(text.str());
  } catch (const Error& e) {
    throw Error(file.string() + ": " + e.what());
  }
}

}  // namespace ser::data
