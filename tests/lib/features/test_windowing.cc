#include "features/windowing.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace ser::features {
namespace {

TEST(Windowing, FullWindowsThenAPartialOneOfAtLeastHalf) {
  // 10 s at 1 Hz for easy arithmetic: window 3, hop 1.
  auto w = plan_windows(10, 3, 1);
  ASSERT_EQ(w.size(), 8u);  // starts 0..7 are full; nothing left uncovered
  EXPECT_EQ(w.back().start, 7u);
  EXPECT_EQ(w.back().length, 3u);
  w = plan_windows(11, 4, 4);  // [0,4) [4,8), then [8,11): 3 >= 2
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[2].start, 8u);
  EXPECT_EQ(w[2].length, 3u);
  w = plan_windows(9, 4, 4);  // tail of 1 < 2 is dropped
  ASSERT_EQ(w.size(), 2u);
}

TEST(Windowing, ShortAudio) {
  // Audio shorter than a window is one window, however short: a short clip still gets a result.
  EXPECT_TRUE(plan_windows(0, 4, 2).empty());
  auto w = plan_windows(1, 4, 2);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].start, 0u);
  EXPECT_EQ(w[0].length, 1u);
  w = plan_windows(3, 4, 2);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].length, 3u);
}

TEST(Windowing, HopLongerThanWindowLeavesGaps) {
  auto w = plan_windows(10, 2, 5);  // [0,2) [5,7), next start 10 = end
  ASSERT_EQ(w.size(), 2u);
  w = plan_windows(11, 2, 5);  // [0,2) [5,7) [10,11): 1 >= 1
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[2].start, 10u);
}

TEST(Windowing, ZeroWindowOrHopIsAnError) {
  EXPECT_THROW(plan_windows(10, 0, 1), ParameterError);
  EXPECT_THROW(plan_windows(10, 1, 0), ParameterError);
}

}  // namespace
}  // namespace ser::features
