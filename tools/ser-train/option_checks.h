// seremotion: ser-train's checks of option values.
//
// CLI11's CLI::Range, PositiveNumber and NonNegativeNumber let NaN through (every comparison with
// it is false) and print their bounds with std::to_string: "--threads -1" answered "not in range
// 0.000000 to 1797...(309 digits)". These refuse NaN and infinities and say the bounds as they
// read: "--lr: must be a finite number > 0 (got inf)".
#pragma once

#include <CLI/CLI.hpp>

namespace ser::cli {

// A number in [lo, hi].
CLI::Validator number_in(double lo, double hi);
// A finite number > 0.
CLI::Validator positive_number();
// A finite number >= 0.
CLI::Validator non_negative_number();
// Any text but the empty one: `--model ""` (an unset shell variable) would otherwise mean "the
// default" and `--plot ""` "no plot", silently.
CLI::Validator non_empty();

}  // namespace ser::cli
