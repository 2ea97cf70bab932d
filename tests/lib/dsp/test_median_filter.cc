#include "dsp/median_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "common/error.h"

namespace ser::dsp {
namespace {

// scipy.ndimage.median_filter(x, size, mode='reflect') along one axis, by sorting each window.
float brute_median(const std::vector<float>& line, int size, long long i) {
  const long long n = static_cast<long long>(line.size());
  std::vector<float> w;
  for (long long k = 0; k < size; ++k) {
    long long p = i - size / 2 + k;
    // d c b a | a b c d | d c b a, repeated
    p %= 2 * n;
    if (p < 0) p += 2 * n;
    if (p >= n) p = 2 * n - 1 - p;
    w.push_back(line[static_cast<size_t>(p)]);
  }
  std::sort(w.begin(), w.end());
  return w[static_cast<size_t>(size / 2)];
}

Matrix brute_filter(const Matrix& x, int size, int axis) {
  Matrix out(x.rows(), x.cols());
  const size_t lines = axis == 1 ? x.rows() : x.cols();
  const size_t n = axis == 1 ? x.cols() : x.rows();
  for (size_t l = 0; l < lines; ++l) {
    std::vector<float> line(n);
    for (size_t i = 0; i < n; ++i) line[i] = axis == 1 ? x(l, i) : x(i, l);
    for (size_t i = 0; i < n; ++i) {
      const float m = brute_median(line, size, static_cast<long long>(i));
      if (axis == 1) {
        out(l, i) = m;
      } else {
        out(i, l) = m;
      }
    }
  }
  return out;
}

// Random values drawn from a small set, so that windows hold many ties.
Matrix random_matrix(size_t rows, size_t cols, unsigned seed, int levels) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, levels - 1);
  Matrix x(rows, cols);
  for (size_t i = 0; i < x.size(); ++i) x.data()[i] = 0.25f * static_cast<float>(pick(rng)) - 1.0f;
  return x;
}

void expect_identical(const Matrix& a, const Matrix& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (size_t r = 0; r < a.rows(); ++r) {
    for (size_t c = 0; c < a.cols(); ++c) ASSERT_EQ(a(r, c), b(r, c)) << "at (" << r << ", " << c << ")";
  }
}

TEST(MedianFilter, MatchesBruteForceAlongBothAxes) {
  for (int axis : {0, 1}) {
    for (int size : {1, 2, 3, 4, 7, 20, 31, 32, 64, 101}) {
      for (int levels : {3, 1000}) {
        SCOPED_TRACE(testing::Message() << "axis " << axis << " size " << size << " levels " << levels);
        const Matrix x = random_matrix(37, 45, static_cast<unsigned>(axis * 100 + size * 7 + levels), levels);
        expect_identical(median_filter(x, {size, axis}), brute_filter(x, size, axis));
      }
    }
  }
}

TEST(MedianFilter, EveryKernelOfThisCpuGivesTheSameBits) {
  const auto kernels = median_filter_kernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_EQ(kernels.back(), "generic");
  const Matrix x = random_matrix(50, 70, 11, 20);
  for (int axis : {0, 1}) {
    const Matrix expected = brute_filter(x, 31, axis);
    for (const auto& name : kernels) {
      SCOPED_TRACE(name);
      MedianFilter filter({31, axis}, name);
      Matrix out;
      filter.apply(x, out);
      expect_identical(out, expected);
    }
  }
  EXPECT_THROW(MedianFilter({31, 1}, "sse9"), ParameterError);
}

TEST(MedianFilter, LinesShorterThanTheKernelReflectRepeatedly) {
  for (size_t n : {1, 2, 3, 5, 14, 15, 16}) {
    SCOPED_TRACE(testing::Message() << "n " << n);
    const Matrix rows = random_matrix(9, n, static_cast<unsigned>(n), 1000);
    expect_identical(median_filter(rows, {31, 1}), brute_filter(rows, 31, 1));
    const Matrix cols = random_matrix(n, 11, static_cast<unsigned>(n + 50), 1000);
    expect_identical(median_filter(cols, {31, 0}), brute_filter(cols, 31, 0));
  }
}

TEST(MedianFilter, SpectrogramShapeMatchesBruteForce) {
  // The shape of HPSS on a 3.9 s clip: 1025 bins x 121 frames, with a lane count that is not a
  // multiple of 8 along the time filter.
  const Matrix x = random_matrix(1025, 121, 7, 1 << 20);
  expect_identical(median_filter(x, {31, 1}), brute_filter(x, 31, 1));
  expect_identical(median_filter(x, {31, 0}), brute_filter(x, 31, 0));
}

TEST(MedianFilter, LongKernelsAroundTheSortingNetworkLimit) {
  // Up to size 256 the first window is sorted by a network; beyond, value by value.
  for (int size : {255, 256, 257, 301}) {
    SCOPED_TRACE(size);
    const Matrix x = random_matrix(10, 400, static_cast<unsigned>(size), 50);
    expect_identical(median_filter(x, {size, 1}), brute_filter(x, size, 1));
  }
}

TEST(MedianFilter, InPlaceGivesTheSameResult) {
  const Matrix x = random_matrix(20, 33, 3, 50);
  for (int axis : {0, 1}) {
    Matrix y = x;
    MedianFilter filter({5, axis});
    filter.apply(y, y);
    expect_identical(y, brute_filter(x, 5, axis));
  }
}

TEST(MedianFilter, KnownValues) {
  // One row 1..5, size 3: [1 1 2 3 4 5 5] windows -> 1 2 3 4 5.
  Matrix x(1, 5);
  for (size_t i = 0; i < 5; ++i) x(0, i) = static_cast<float>(i + 1);
  const Matrix m = median_filter(x, {3, 1});
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(m(0, i), static_cast<float>(i + 1));
  // An impulse is removed; a step is kept.
  Matrix y(1, 9, 0.0f);
  y(0, 4) = 10.0f;
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(median_filter(y, {5, 1})(0, i), 0.0f);
  Matrix s(9, 1, 0.0f);
  for (size_t i = 5; i < 9; ++i) s(i, 0) = 1.0f;
  const Matrix ms = median_filter(s, {5, 0});
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(ms(i, 0), s(i, 0));
}

TEST(MedianFilter, EmptyMatrixGivesEmptyOutput) {
  Matrix x(0, 0);
  Matrix out(3, 3);
  MedianFilter filter;
  filter.apply(x, out);
  EXPECT_EQ(out.rows(), 0u);
  EXPECT_EQ(out.cols(), 0u);
}

TEST(MedianFilter, BadParametersAreRejected) {
  const MedianFilterParams bad[] = {{0, 1}, {-3, 0}, {31, 2}, {31, -1}};
  for (const auto& p : bad) {
    EXPECT_THROW(p.validate(), ParameterError);
    EXPECT_THROW(MedianFilter{p}, ParameterError);
  }
}

}  // namespace
}  // namespace ser::dsp
