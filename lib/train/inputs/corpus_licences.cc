#include "train/inputs/corpus_licences.h"

#include <array>

namespace ser::train {
namespace {

// Checked against the distributors' pages where the source says so; see the header.
const std::array<CorpusTerms, 10> kTerms{{
    {"ravdess", "RAVDESS", "CC BY-NC-SA 4.0", "https://zenodo.org/record/1188976"},
    {"crema-d", "CREMA-D", "ODbL 1.0 (database), DbCL 1.0 (contents)",
     "https://github.com/CheyneyComputerScience/CREMA-D (LICENSE.txt)"},
    {"tess", "TESS", "CC BY-NC-ND 4.0 (unverified)", "https://doi.org/10.5683/SP2/E8H2MF"},
    {"savee", "SAVEE", "free for research use on request (no public licence)",
     "http://kahlan.eps.surrey.ac.uk/savee/"},
    {"emodb", "EMO-DB", "free of charge for research (TU Berlin; no public licence)", "http://emodb.bilderbar.info/"},
    {"emovo", "EMOVO", "research use only (no licence stated by its authors; do not ship models trained on it)",
     "Costantini et al., LREC 2014; distributed by its authors"},
    {"cafe", "CaFE", "CC BY-NC-SA 4.0 (unverified)", "https://zenodo.org/record/1478765"},
    {"mesd", "MESD", "CC BY 4.0 (unverified)", "https://doi.org/10.17632/cy34mh68j9.1"},
    {"jl-corpus", "JL-corpus", "unknown (unverified: see the distributor's terms)",
     "https://www.kaggle.com/tli725/jl-corpus"},
    {"iemocap", "IEMOCAP", "USC SAIL release agreement: research only, no redistribution",
     "https://sail.usc.edu/iemocap/"},
}};

}  // namespace

CorpusTerms corpus_terms(const std::string& reader_name) {
  for (const auto& t : kTerms) {
    if (t.corpus == reader_name) return t;
  }
  return {reader_name, reader_name, "unknown (the files' own terms apply)", ""};
}

}  // namespace ser::train
