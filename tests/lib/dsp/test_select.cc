#include "dsp/select.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace ser::dsp {
namespace {

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every rank of arrays with duplicates, negatives, zeros of both signs, subnormals and infinities
// is nth_element's value.
TEST(Select, EveryRankIsNthElements) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-3.0f, 3.0f);
  const float special[] = {0.0f, -0.0f, 1e-40f, -1e-40f, std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity(), 1.0f, 1.0f};
  for (size_t n : {size_t{1}, size_t{2}, size_t{7}, size_t{100}, size_t{2049}}) {
    std::vector<float> values(n);
    for (size_t i = 0; i < n; ++i) values[i] = i % 5 == 0 ? special[i % 8] : std::round(u(rng) * 8) / 8 * std::exp(u(rng));
    const std::vector<float> kept = values;
    std::vector<float> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (size_t k = 0; k < n; ++k) {
      const float got = select_smallest(Span<const float>(values), k);
      ASSERT_EQ(got, sorted[k]) << "n " << n << " k " << k;
    }
    for (size_t i = 0; i < n; ++i) ASSERT_TRUE(same_bits(values[i], kept[i])) << "reordered";
  }
}

TEST(Select, NumpyMedianIsTheMiddleOrTheFloatMeanOfTheMiddleTwo) {
  const std::vector<float> odd = {5.0f, 1.0f, 3.0f};
  EXPECT_EQ(numpy_median(Span<const float>(odd)), 3.0f);
  const std::vector<float> even = {4.0f, 1.0f, 2.0f, 3.0f};
  EXPECT_EQ(numpy_median(Span<const float>(even)), 2.5f);
  const std::vector<float> one = {-7.5f};
  EXPECT_EQ(numpy_median(Span<const float>(one)), -7.5f);
  // The mean of the middle two rounds in float: 1 and 1 + 2^-23 give 1 + 2^-24 rounded to even.
  const std::vector<float> close = {1.0f, std::nextafter(1.0f, 2.0f)};
  EXPECT_EQ(numpy_median(Span<const float>(close)), (close[0] + close[1]) / 2.0f);
}

}  // namespace
}  // namespace ser::dsp
