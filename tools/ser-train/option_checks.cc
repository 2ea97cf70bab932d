#include "option_checks.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <string>

#include "common/number_text.h"

namespace ser::cli {

namespace {

// A validator accepting the numbers `ok` accepts; `want` says what they are.
CLI::Validator number_check(std::function<bool(double)> ok, const std::string& want) {
  return CLI::Validator(
      [ok, want](std::string& text) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(text.c_str(), &end);
        const bool parsed = end != text.c_str() && *end == '\0';
        if (parsed && std::isfinite(x) && ok(x)) return "";
        return "must be " + want + " (got " + text + ")";
      },
      want);
}

}  // namespace

CLI::Validator number_in(double lo, double hi) {
  return number_check([lo, hi](double x) { return x >= lo && x <= hi; },
                      "a number in [" + number_text(lo) + ", " + number_text(hi) + "]");
}

CLI::Validator positive_number() {
  return number_check([](double x) { return x > 0; }, "a finite number > 0");
}

CLI::Validator non_negative_number() {
  return number_check([](double x) { return x >= 0; }, "a finite number >= 0");
}

CLI::Validator non_empty() {
  return CLI::Validator([](std::string& text) { return text.empty() ? std::string("must not be empty") : ""; },
                        "not empty");
}

}  // namespace ser::cli
