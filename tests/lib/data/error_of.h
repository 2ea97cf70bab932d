// Tests of lib/data: the message of the error a call throws.
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace ser::data::test {

// The what() of the E that f() throws; fails the test (and returns "") when it throws none.
template <typename E, typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

// Whether `text` contains `part`, for EXPECT_TRUE with the text shown on failure.
inline ::testing::AssertionResult mentions(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not mention '" << part << "'";
}

}  // namespace ser::data::test
