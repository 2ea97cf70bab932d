// seremotion: a number as a message says it.
#pragma once

#include <iomanip>
#include <sstream>
#include <string>

namespace ser {

// As short as it reads, to 15 significant digits: "0.01", "3", "1e-12", "1048576" (the stream's
// default 6 digits turned 1<<20 into "1.04858e+06"; std::to_string gives "0.010000").
inline std::string number_text(double x) {
  std::ostringstream out;
  out << std::setprecision(15) << x;
  return out.str();
}

}  // namespace ser
