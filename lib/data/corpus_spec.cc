#include "data/corpus_spec.h"

#include "data/corpus_listing.h"
#include "data/corpus_registry.h"
#include "data/text.h"

namespace ser::data {

CorpusSpec parse_corpus_spec(const std::string& text) {
  const std::string known = join(corpus_names(), ", ");
  const size_t eq = text.find('=');
  if (eq == std::string::npos) {
    throw CorpusError("corpus '" + text + "' must be given as NAME=DIR, e.g. ravdess=/data/RAVDESS (corpora: " +
                      known + ")");
  }
  const std::string name = trim(text.substr(0, eq));
  CorpusSpec spec;
  spec.path = text.substr(eq + 1);
  const auto canonical = canonical_corpus_name(name);
  if (!canonical) throw CorpusError("unknown corpus '" + name + "' in '" + text + "' (known corpora: " + known + ")");
  if (trim(spec.path).empty()) throw CorpusError("corpus '" + text + "' names no directory: give NAME=DIR");
  spec.name = *canonical;
  return spec;
}

}  // namespace ser::data
