// seremotion: reading CSV files (manifests, CREMA-D's VideoDemographics.csv).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ser::data {

struct CsvRow {
  size_t line = 0;                  // 1-based line on which the row starts
  std::vector<std::string> fields;  // unquoted; surrounding spaces of unquoted fields trimmed
};

// RFC 4180: fields separated by commas, optionally in double quotes, where "" stands for a quote
// and commas and line breaks are literal; LF or CRLF line ends; a UTF-8 byte-order mark at the
// start is dropped; blank lines are skipped. ser::Error naming the line when a quote is not closed.
std::vector<CsvRow> parse_csv(std::string_view text);

// Reads the file and parses it; ser::Error naming the file when it cannot be read or parsed.
std::vector<CsvRow> read_csv_file(const std::filesystem::path& file);

}  // namespace ser::data
