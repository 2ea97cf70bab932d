// seremotion: the labelled files of a training run: corpora read, labels mapped, files fingerprinted.
#pragma once

#include <string>
#include <vector>

#include "data/corpus_spec.h"
#include "data/label_map.h"
#include "data/reader_options.h"
#include "data/utterance.h"
#include "train/inputs/content_hash.h"
#include "train/report/report.h"

namespace ser::train {

struct DatasetOptions {
  std::vector<data::CorpusSpec> corpora;  // at least one
  data::LabelMap labels;                  // merges, drops, keeps; default none
  data::ReaderOptions reader;
  int jobs = 0;                           // threads for fingerprinting; 0: every core
};

struct Dataset {
  std::vector<data::Utterance> utterances;  // corpus after corpus, each sorted by path
  std::vector<ContentHash> content;         // per utterance (feature_extraction.h)
  std::vector<std::string> labels;          // the classes, data::label_order of the utterances
  std::vector<int> targets;                 // per utterance: its class, an index into labels
  std::vector<CorpusInfo> corpora;          // one per corpus given, files = utterances kept from it
  std::vector<SkippedFile> skipped;         // files that were listed but could not be used, and why
  std::vector<std::string> notes;           // what the readers passed over (names that do not parse, ...)

  // Removes the utterances whose reason (one per utterance) is not empty, recording each in
  // `skipped` with it; keeps every list in step and recomputes labels, targets and file counts.
  void remove(const std::vector<std::string>& reasons);
};

// Reads every corpus (data::read_corpus), applies the label map, fingerprints every file.
// Errors (ser::Error, data::CorpusError): no corpus; a corpus that cannot be read or yields no
// file; nothing left after the label map; fewer than two classes.
Dataset load_dataset(const DatasetOptions& options);

// The classes and targets of `utterances` (label_order); used after any change to them.
void assign_targets(Dataset& dataset);

// Throws ser::Error when the dataset cannot be cross-validated with `n_splits` folds: fewer than
// two classes, or a class with fewer files than folds (naming it, its count, and the ways out:
// fewer folds, --drop or --merge). n_splits <= 1 checks only that each class has 2 files.
void check_class_sizes(const Dataset& dataset, int n_splits);

}  // namespace ser::train
