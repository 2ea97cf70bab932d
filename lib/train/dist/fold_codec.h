// seremotion: a fold's report as bytes, for the ranks of a distributed job to send each other
// (CBOR: numbers keep every bit, NaN included; the scores are recomputed from the confusion matrix
// as the fold computed them, so they come back identical).
#pragma once

#include <string>
#include <vector>

#include "train/report/report.h"

namespace ser::train::dist {

std::string encode_folds(const std::vector<FoldReport>& folds);
// ser::Error when `bytes` are not what encode_folds wrote.
std::vector<FoldReport> decode_folds(const std::string& bytes);

}  // namespace ser::train::dist
