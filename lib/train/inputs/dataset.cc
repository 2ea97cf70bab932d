#include "train/inputs/dataset.h"

#include <map>

#include "common/error.h"
#include "data/corpus_registry.h"
#include "data/label_vocabulary.h"
#include "train/inputs/corpus_licences.h"
#include "train/inputs/feature_extraction.h"

namespace ser::train {
namespace {

void count_files(Dataset& d) {
  std::map<std::string, size_t> per_corpus;
  for (const auto& u : d.utterances) ++per_corpus[u.corpus];
  for (auto& c : d.corpora) c.files = per_corpus[c.name];
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void assign_targets(Dataset& d) {
  d.labels = data::label_order(d.utterances);
  std::map<std::string, int> index;
  for (size_t i = 0; i < d.labels.size(); ++i) index[d.labels[i]] = static_cast<int>(i);
  d.targets.resize(d.utterances.size());
  for (size_t i = 0; i < d.utterances.size(); ++i) d.targets[i] = index.at(d.utterances[i].label);
  count_files(d);
}

void Dataset::remove(const std::vector<std::string>& reasons) {
  size_t kept = 0;
  for (size_t i = 0; i < utterances.size(); ++i) {
    if (!reasons[i].empty()) {
      skipped.push_back({utterances[i].path, reasons[i]});
      continue;
    }
    if (kept != i) {  // a self-move would empty the strings
      utterances[kept] = std::move(utterances[i]);
      content[kept] = content[i];
    }
    ++kept;
  }
  utterances.resize(kept);
  content.resize(kept);
  assign_targets(*this);
}

Dataset load_dataset(const DatasetOptions& o) {
  if (o.corpora.empty()) throw Error("no corpus given: name one with --corpus NAME=DIR (e.g. ravdess=/data/RAVDESS)");
  Dataset d;
  for (const auto& spec : o.corpora) {
    data::CorpusListing listing = data::read_corpus(spec, o.reader);
    const CorpusTerms terms = corpus_terms(listing.corpus);
    d.corpora.push_back({listing.corpus, spec.path, 0, terms.licence});
    if (listing.skipped.count > 0) d.notes.push_back(listing.corpus + " (" + spec.path + "): " + listing.skipped.summary());
    const size_t before = listing.utterances.size();
    o.labels.apply(listing.utterances);
    if (listing.utterances.empty()) {
      throw Error(listing.corpus + " (" + spec.path + "): none of its " + std::to_string(before) +
                  " files is left after the label options (" + o.labels.describe() + ")");
    }
    for (auto& u : listing.utterances) d.utterances.push_back(std::move(u));
  }
  std::vector<std::string> paths;
  for (const auto& u : d.utterances) paths.push_back(u.path);
  std::vector<std::string> errors;
  d.content = fingerprint_files(paths, o.jobs, errors);
  d.remove(errors);
  if (d.utterances.empty()) throw Error("no file of the corpora could be read");
  if (d.labels.size() < 2) {
    throw Error("the corpora give one class only (" + join(d.labels) +
                "): a classifier needs at least two; check --keep, --drop and --merge");
  }
  return d;
}

void check_class_sizes(const Dataset& d, int n_splits) {
  if (d.labels.size() < 2) {
    throw Error("only " + std::to_string(d.labels.size()) + " class is left (" + join(d.labels) +
                "): a classifier needs at least two");
  }
  std::vector<size_t> counts(d.labels.size(), 0);
  for (int t : d.targets) ++counts[static_cast<size_t>(t)];
  const size_t need = static_cast<size_t>(std::max(n_splits, 2));
  for (size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] < need) {
      throw Error("class '" + d.labels[c] + "' has " + std::to_string(counts[c]) + (counts[c] == 1 ? " file" : " files") +
                  ", too few for " + std::to_string(need) + " folds: use fewer folds (--folds), drop it (--drop " +
                  d.labels[c] + ") or merge it into another class (--merge " + d.labels[c] + "=OTHER)");
    }
  }
}

}  // namespace ser::train
