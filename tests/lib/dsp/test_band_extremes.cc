#include "dsp/band_extremes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace ser::dsp {
namespace {

// numpy's way: sort the band, float32 running sums of the first and last q, one division.
void reference(const Matrix& S, size_t begin, size_t end, size_t q, std::vector<double>& valley,
               std::vector<double>& peak) {
  valley.assign(S.cols(), 0);
  peak.assign(S.cols(), 0);
  std::vector<float> v;
  for (size_t t = 0; t < S.cols(); ++t) {
    v.clear();
    for (size_t k = begin; k < end; ++k) v.push_back(S(k, t));
    std::sort(v.begin(), v.end());
    const size_t qq = std::min(q, v.size());
    float lo = 0, hi = 0;
    for (size_t i = 0; i < qq; ++i) lo += v[i];
    for (size_t i = v.size() - qq; i < v.size(); ++i) hi += v[i];
    valley[t] = lo / static_cast<float>(qq);
    peak[t] = hi / static_cast<float>(qq);
  }
}

Matrix pseudo_random(size_t rows, size_t cols, unsigned seed, int levels) {
  Matrix m(rows, cols);
  unsigned s = seed;
  for (size_t i = 0; i < m.size(); ++i) {
    s = s * 1664525u + 1013904223u;
    // Few levels make many ties; a slope along the rows makes sorted runs, the worst case of
    // insertion-based selection.
    m.data()[i] = static_cast<float>((s >> 9) % static_cast<unsigned>(levels)) * 0.37f + 0.01f * (i / cols);
  }
  return m;
}

TEST(BandExtremes, EqualsSortingForEveryCountAndFrameTail) {
  BandExtremes extremes;
  std::vector<double> valley, peak, ref_valley, ref_peak;
  for (size_t frames : {1u, 3u, 4u, 7u, 8u, 15u, 16u, 121u}) {
    for (int levels : {3, 1000}) {
      const Matrix S = pseudo_random(300, frames, static_cast<unsigned>(frames * 31 + levels), levels);
      // q up to 16 takes the compare-exchange chains, beyond it nth_element.
      for (size_t q : {1u, 2u, 3u, 4u, 8u, 15u, 16u, 17u, 40u, 120u}) {
        const size_t begin = 10, end = 10 + 2 * q + 5;
        valley.assign(frames, -1);
        peak.assign(frames, -1);
        extremes.compute(S, begin, end, q, valley.data(), peak.data());
        reference(S, begin, end, q, ref_valley, ref_peak);
        for (size_t t = 0; t < frames; ++t) {
          ASSERT_EQ(valley[t], ref_valley[t]) << "frames=" << frames << " q=" << q << " t=" << t;
          ASSERT_EQ(peak[t], ref_peak[t]) << "frames=" << frames << " q=" << q << " t=" << t;
        }
      }
    }
  }
}

TEST(BandExtremes, CountEqualToTheBandTakesEveryValue) {
  Matrix S(4, 2);
  const float v[] = {4, 1, 2, 8, 3, 3, 1, 0};
  std::copy(v, v + 8, S.data());
  std::vector<double> valley(2), peak(2);
  BandExtremes extremes;
  extremes.compute(S, 0, 4, 4, valley.data(), peak.data());
  EXPECT_DOUBLE_EQ(valley[0], 2.5);
  EXPECT_DOUBLE_EQ(peak[0], 2.5);
  EXPECT_DOUBLE_EQ(valley[1], 3.0);
}

}  // namespace
}  // namespace ser::dsp
