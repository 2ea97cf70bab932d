// Tests of lib/dsp: bad-parameter tables (the call must throw ParameterError naming the field).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "common/error.h"

namespace ser::test {

// Passes when `call` throws ser::ParameterError whose message contains `field`.
inline ::testing::AssertionResult throws_parameter_error_naming(const std::function<void()>& call,
                                                                const std::string& field) {
  try {
    call();
  } catch (const ParameterError& e) {
    if (std::string(e.what()).find(field) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "ParameterError does not name '" << field << "': " << e.what();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw something else than ParameterError: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw (expected a ParameterError naming '" << field << "')";
}

}  // namespace ser::test
