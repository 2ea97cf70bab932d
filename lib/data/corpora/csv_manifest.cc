#include "data/corpora/csv_manifest.h"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

#include "data/csv.h"
#include "data/label_vocabulary.h"
#include "data/text.h"

namespace ser::data {
namespace fs = std::filesystem;
namespace {

// Column name -> index. Without a header: path, label, speaker, language by position.
struct Columns {
  bool header = false;
  std::map<std::string, size_t> index;
  size_t min_fields = 3, max_fields = 4;

  const std::string* get(const CsvRow& row, const std::string& name) const {
    const auto it = index.find(name);
    return it == index.end() || it->second >= row.fields.size() ? nullptr : &row.fields[it->second];
  }
};

Columns detect_columns(const std::vector<CsvRow>& rows) {
  Columns c;
  if (!rows.empty()) {
    for (size_t i = 0; i < rows[0].fields.size(); ++i) c.index[to_lower(trim(rows[0].fields[i]))] = i;
    c.header = c.index.count("path") && c.index.count("label");
  }
  if (c.header) {
    c.min_fields = c.max_fields = rows[0].fields.size();
  } else {
    c.index = {{"path", 0}, {"label", 1}, {"speaker", 2}, {"language", 3}};
  }
  return c;
}

Gender parse_gender(const std::string* field) {
  const std::string g = field ? to_lower(trim(*field)) : "";
  if (g == "female" || g == "f") return Gender::Female;
  if (g == "male" || g == "m") return Gender::Male;
  return Gender::Unknown;
}

}  // namespace

CorpusListing read_csv_manifest(const fs::path& manifest, const ReaderOptions& options) {
  CorpusListing listing;
  listing.corpus = "csv";
  listing.root = manifest.string();
  const std::vector<CsvRow> rows = read_csv_file(manifest);
  const Columns columns = detect_columns(rows);
  const std::string expected = columns.header ? "row does not have the header's " + std::to_string(columns.min_fields) + " fields"
                                              : "row is not path,label,speaker[,language]";
  std::set<std::string> seen;
  for (size_t r = columns.header ? 1 : 0; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    const std::string where = manifest.string() + ":" + std::to_string(row.line);
    if (row.fields.size() < columns.min_fields || row.fields.size() > columns.max_fields) {
      listing.skipped.add(where, expected);
      continue;
    }
    const std::string written = *columns.get(row, "path");
    std::error_code ec;
    const fs::path file = fs::path(written).is_absolute() ? fs::path(written) : manifest.parent_path() / written;
    const auto label = canonical_label(*columns.get(row, "label"));
    if (written.empty() || !fs::is_regular_file(file, ec)) {
      listing.skipped.add(where, "file does not exist");
    } else if (!label) {
      listing.skipped.add(where + " '" + *columns.get(row, "label") + "'", "label is not in the vocabulary");
    } else if (!seen.insert(file.lexically_normal().string()).second) {
      listing.skipped.add(where, "file listed twice");
    } else {
      Utterance u;
      u.path = file.string();
      const std::string* corpus = columns.get(row, "corpus");
      u.corpus = corpus && !corpus->empty() ? *corpus : "csv";
      u.label = *label;
      u.original_label = *columns.get(row, "label");
      const std::string* speaker = columns.get(row, "speaker");
      u.speaker = u.corpus + ":" + (speaker && !speaker->empty() ? *speaker : "file:" + written);
      const std::string* language = columns.get(row, "language");
      u.language = language && !language->empty() ? *language : options.default_language;
      u.gender = parse_gender(columns.get(row, "gender"));
      for (const auto& [name, i] : columns.index) {
        const bool known = name == "path" || name == "label" || name == "speaker" || name == "language" ||
                           name == "gender" || name == "corpus";
        if (columns.header && !known && !name.empty()) u.extras[name] = row.fields[i];
      }
      listing.utterances.push_back(std::move(u));
    }
  }
  std::sort(listing.utterances.begin(), listing.utterances.end(),
            [](const Utterance& a, const Utterance& b) { return a.path < b.path; });
  return listing;
}

}  // namespace ser::data
