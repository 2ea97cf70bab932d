// Tests: openSMILE 3.0's eGeMAPSv02 output for the golden files
// (../shared/golden/opensmile-3.0-egemaps; see its README).
#pragma once

#include <string>
#include <vector>

#include "common/matrix.h"

namespace ser::test {

struct OpensmileGolden {
  std::string name;     // folder name, e.g. "03-01-05-01-01-01-01"
  std::string audio;    // path of the corpus file it was computed from (under shared/data)
  std::vector<std::string> functional_names;  // the 88, in the CSV's order
  std::vector<double> functionals;
  std::vector<std::string> descriptor_names;  // the 25
  Matrix descriptors;   // 25 x frames (lld.csv, transposed)
};

// shared_dir() + "/golden/opensmile-3.0-egemaps"; empty when absent.
std::string opensmile_golden_dir();
// Every golden file, in folder order; empty when the folder is absent.
std::vector<OpensmileGolden> opensmile_golden();

// The tolerance the issue sets for a functional: 5 % of openSMILE's value plus 5 % of that
// functional's spread (standard deviation) over the golden files, for values near zero.
// spreads[i] is that standard deviation for functional i.
std::vector<double> functional_spreads(const std::vector<OpensmileGolden>& golden);
bool within_tolerance(double ours, double theirs, double spread);

}  // namespace ser::test
