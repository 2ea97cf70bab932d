// seremotionscope's frame clock: frame times from the audio's, without drift, skipping gaps.
#include <gtest/gtest.h>

#include <vector>

#include "frame_clock.h"

namespace ser::element {
namespace {

std::vector<GstClockTime> due(FrameClock& clock, GstClockTime start, GstClockTime end) {
  std::vector<GstClockTime> out;
  clock.advance(start, end, [&](GstClockTime t) { out.push_back(t); });
  return out;
}

TEST(FrameClock, FramesFallAtTheRateFromTheFirstAudio) {
  FrameClock clock;
  clock.configure(30000, 1001);  // 29.97 fps: no drift over an hour of buffers
  std::vector<GstClockTime> all;
  for (GstClockTime t = 0; t < 3600 * GST_SECOND; t += 20 * GST_MSECOND) {
    for (GstClockTime f : due(clock, 5 * GST_SECOND + t, 5 * GST_SECOND + t + 20 * GST_MSECOND)) all.push_back(f);
  }
  ASSERT_EQ(all.size(), 107893u);  // ceil(3600 * 30000 / 1001)
  EXPECT_EQ(all.front(), 5 * GST_SECOND);
  EXPECT_EQ(all[30000], 5 * GST_SECOND + 1001 * GST_SECOND);
}

TEST(FrameClock, AJumpAheadSkipsTheFramesBetween) {
  FrameClock clock;
  clock.configure(10, 1);
  EXPECT_EQ(due(clock, 0, GST_SECOND / 2).size(), 5u);
  const auto after_gap = due(clock, 60 * GST_SECOND + 50 * GST_MSECOND, 60 * GST_SECOND + 250 * GST_MSECOND);
  ASSERT_EQ(after_gap.size(), 2u);
  EXPECT_EQ(after_gap[0], 60 * GST_SECOND + 100 * GST_MSECOND);
}

TEST(FrameClock, GoingBackInTimeStartsAgain) {
  FrameClock clock;
  clock.configure(10, 1);
  due(clock, 10 * GST_SECOND, 11 * GST_SECOND);
  const auto again = due(clock, 2 * GST_SECOND + 30 * GST_MSECOND, 2 * GST_SECOND + 130 * GST_MSECOND);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0], 2 * GST_SECOND + 30 * GST_MSECOND);
}

}  // namespace
}  // namespace ser::element
