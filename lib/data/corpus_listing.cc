#include "data/corpus_listing.h"

#include "data/text.h"

namespace ser::data {

void SkippedFiles::add(const std::string& what, const std::string& reason) {
  ++count;
  ++by_reason[reason];
  if (examples.size() < kMaxExamples) examples.push_back(what + " (" + reason + ")");
}

std::string SkippedFiles::summary() const {
  if (count == 0) return {};
  std::vector<std::string> reasons;
  for (const auto& [reason, n] : by_reason) reasons.push_back(std::to_string(n) + " " + reason);
  return "skipped " + std::to_string(count) + (count == 1 ? " file: " : " files: ") + join(reasons, ", ") +
         "; e.g. " + join(examples, ", ");
}

}  // namespace ser::data
