// Tests of lib/dsp: parameters at the project's rate and bad-parameter tables.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <complex>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>

#include "common/error.h"
#include "common/golden.h"
#include "common/matrix.h"
#include "common/span.h"
#include "dsp/stft_f64.h"

namespace ser::test {

// A params struct with librosa's defaults but sr = 16000 Hz, the project's (and the golden set's) rate.
template <typename Params>
Params at_16k() {
  Params p;
  p.sr = 16000;
  return p;
}

// np.abs(librosa.stft(y)) ** power (power 1 or 2) with numpy's arithmetic: StftF64's float64 FFTs
// rounded to complex64, then float32 |.| and square. The float32 Stft differs from librosa in bins
// far below a frame's peak; the tests that need librosa's bits there start from this.
inline Matrix numpy_stft_magnitude(FloatSpan y, int power) {
  dsp::StftF64 stft;
  ComplexMatrix D;
  stft.compute(y, D);
  Matrix S(D.rows(), D.cols());
  for (size_t i = 0; i < D.size(); ++i) {
    const float m = std::abs(D.data()[i]);
    S.data()[i] = power == 2 ? m * m : m;
  }
  return S;
}

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

// One row of a bad-parameter table: what to break, and the name the error must give.
template <typename Params>
struct BadParam {
  const char* field;
  void (*edit)(Params&);
};

// For each row: `base` edited by the row must make use(params) throw a ParameterError naming the field.
template <typename Params, typename Use>
void expect_each_rejected(const Params& base, std::initializer_list<BadParam<Params>> rows, Use use) {
  for (const auto& row : rows) {
    Params p = base;
    row.edit(p);
    EXPECT_TRUE(throws_parameter_error_naming([&] { use(p); }, row.field)) << row.field;
  }
}

// Compares our output with librosa's on each golden input, expecting max |ours - ref| / scale <=
// tolerance, and prints the worst over all inputs when done (the figure the report quotes).
class WorstDiff {
 public:
  WorstDiff(std::string what, double tolerance) : what_(std::move(what)), tolerance_(tolerance) {}
  ~WorstDiff() { std::printf("%s: worst |diff| = %.3g\n", what_.c_str(), worst_); }
  WorstDiff(const WorstDiff&) = delete;
  WorstDiff& operator=(const WorstDiff&) = delete;

  void check(const Matrix& ours, const Matrix& ref, double scale = 1.0) {
    const double err = max_abs_diff(ours, ref) / scale;
    EXPECT_LE(err, tolerance_) << what_;
    worst_ = std::max(worst_, err);
  }

 private:
  std::string what_;
  double tolerance_;
  double worst_ = 0;
};

}  // namespace ser::test
