#include "dsp/normalize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

Matrix columns(std::vector<std::vector<float>> cols) {
  Matrix m(cols[0].size(), cols.size());
  for (size_t c = 0; c < cols.size(); ++c)
    for (size_t r = 0; r < cols[c].size(); ++r) m(r, c) = cols[c][r];
  return m;
}

TEST(NormalizeColumns, EachNormAsLibrosaDefinesIt) {
  const Matrix S = columns({{3, -4, 0}, {1, 1, 2}});
  std::vector<double> scratch;
  struct Case {
    double norm;
    double len0, len1;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const Case c : {Case{inf, 4, 2}, Case{-inf, 0, 1}, Case{0, 2, 3}, Case{1, 7, 4}, Case{2, 5, std::sqrt(6.0)},
                       Case{3, std::cbrt(91.0), std::cbrt(10.0)}}) {
    Matrix m = S;
    normalize_columns(m, c.norm, scratch);
    for (size_t r = 0; r < 3; ++r) {
      // -inf norm of column 0 is 0: below tiny, so left as is.
      const double len0 = c.len0 > 0 ? c.len0 : 1.0;
      EXPECT_NEAR(m(r, 0), S(r, 0) / len0, 1e-6) << c.norm;
      EXPECT_NEAR(m(r, 1), S(r, 1) / c.len1, 1e-6) << c.norm;
    }
  }
}

TEST(NormalizeColumns, ZeroColumnsStayZeroAndNoneIsANoOp) {
  Matrix m = columns({{0, 0}, {2, 0}});
  std::vector<double> scratch;
  normalize_columns(m, std::numeric_limits<double>::infinity(), scratch);
  EXPECT_EQ(m(0, 0), 0.0f);
  EXPECT_EQ(m(1, 0), 0.0f);
  EXPECT_EQ(m(0, 1), 1.0f);
  Matrix n = columns({{5, 7}});
  normalize_columns(n, std::nullopt, scratch);
  EXPECT_EQ(n(0, 0), 5.0f);
  EXPECT_EQ(n(1, 0), 7.0f);
}

TEST(NormalizeColumns, RejectsAnUnsupportedNorm) {
  Matrix m(2, 2, 1.0f);
  std::vector<double> scratch;
  for (double bad : {-1.0, std::nan("")}) {
    EXPECT_TRUE(test::throws_parameter_error_naming([&] { normalize_columns(m, bad, scratch); }, "norm")) << bad;
  }
}

}  // namespace
}  // namespace ser::dsp
