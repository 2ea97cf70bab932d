#include "data/rng.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace ser::data {
namespace {

// Reference values from the published xoshiro256** and splitmix64 algorithms, computed
// independently (Python, arbitrary-precision integers): a different result on some platform
// would change every fold made from a seed.
TEST(Rng, MatchesTheReferenceAlgorithm) {
  Rng zero(0);
  EXPECT_EQ(zero.next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(zero.next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(zero.next(), 0x1a5f849d4933e6e0ULL);
  Rng answer(42);
  EXPECT_EQ(answer.next(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(answer.next(), 0x6104d9866d113a7eULL);
}

TEST(Rng, BelowAndShuffleMatchTheReference) {
  Rng rng(12345);
  std::vector<uint64_t> draws;
  for (int i = 0; i < 10; ++i) draws.push_back(rng.below(10));
  EXPECT_EQ(draws, (std::vector<uint64_t>{3, 8, 6, 5, 4, 6, 9, 0, 4, 1}));
  Rng shuffler(7);
  std::vector<int> v(10);
  std::iota(v.begin(), v.end(), 0);
  shuffler.shuffle(v);
  EXPECT_EQ(v, (std::vector<int>{8, 3, 9, 0, 7, 2, 1, 6, 5, 4}));
}

TEST(Rng, BelowStaysInRange) {
  Rng rng(1);
  for (uint64_t n : {1ULL, 2ULL, 3ULL, 7ULL, 1000ULL, (1ULL << 63) + 5}) {
    for (int i = 0; i < 100; ++i) EXPECT_LT(rng.below(n), n);
  }
  EXPECT_EQ(rng.below(0), 0u);
}

TEST(Rng, ShuffleIsAPermutationAndDependsOnTheSeed) {
  std::vector<int> a(50), b;
  std::iota(a.begin(), a.end(), 0);
  b = a;
  Rng(3).shuffle(a);
  Rng(4).shuffle(b);
  EXPECT_NE(a, b);
  std::sort(a.begin(), a.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(a[i], i);
}

}  // namespace
}  // namespace ser::data
