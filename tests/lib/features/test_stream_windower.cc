#include "features/stream_windower.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/error.h"

namespace ser::features {
namespace {

struct Seen {
  WindowSpan span;
  std::vector<float> samples;
};

// Feeds samples 0, 1, ..., n-1 (each sample's value is its position) in chunks of the sizes in
// `chunks`, cycled, then finishes.
std::vector<Seen> stream(std::size_t n, std::size_t window, std::size_t hop, const std::vector<std::size_t>& chunks) {
  std::vector<float> audio(n);
  for (std::size_t i = 0; i < n; ++i) audio[i] = static_cast<float>(i);
  StreamWindower w(window, hop);
  std::vector<Seen> seen;
  auto on_window = [&](const WindowSpan& span, FloatSpan samples) {
    seen.push_back({span, std::vector<float>(samples.begin(), samples.end())});
  };
  std::size_t pos = 0;
  for (std::size_t k = 0; pos < n; ++k) {
    const std::size_t len = std::min(chunks[k % chunks.size()], n - pos);
    w.push(FloatSpan(audio.data() + pos, len), on_window);
    pos += len;
  }
  EXPECT_EQ(w.samples_seen(), n);
  w.finish(on_window);
  return seen;
}

TEST(StreamWindower, GivesExactlyThePlannedWindowsForAnySplit) {
  const std::vector<std::vector<std::size_t>> splits{{1}, {3}, {7, 1, 13}, {64}, {1000}};
  int cases = 0;
  for (std::size_t window : {1, 2, 5, 8, 16}) {
    for (std::size_t hop : {1, 2, 3, 5, 8, 20}) {
      for (std::size_t n = 0; n <= 60; n += (n < 20 ? 1 : 7)) {
        const auto plan = plan_windows(n, window, hop);
        for (const auto& split : splits) {
          const auto seen = stream(n, window, hop, split);
          ASSERT_EQ(seen.size(), plan.size()) << "n " << n << " window " << window << " hop " << hop;
          for (std::size_t i = 0; i < plan.size(); ++i) {
            ASSERT_EQ(seen[i].span.start, plan[i].start);
            ASSERT_EQ(seen[i].span.length, plan[i].length);
            ASSERT_EQ(seen[i].samples.size(), plan[i].length);
            for (std::size_t j = 0; j < plan[i].length; ++j) {
              ASSERT_EQ(seen[i].samples[j], static_cast<float>(plan[i].start + j));
            }
          }
          ++cases;
        }
      }
    }
  }
  EXPECT_GT(cases, 1000);
}

TEST(StreamWindower, ResetStartsANewStream) {
  StreamWindower w(4, 2);
  std::vector<WindowSpan> spans;
  auto on_window = [&](const WindowSpan& s, FloatSpan) { spans.push_back(s); };
  const std::vector<float> three(3, 1.0f);
  w.push(FloatSpan(three), on_window);
  w.reset();
  EXPECT_EQ(w.samples_seen(), 0u);
  w.push(FloatSpan(three), on_window);
  EXPECT_TRUE(spans.empty());  // 3 + 3 samples across a reset are not one window
  w.push(FloatSpan(three), on_window);  // 6 samples since the reset: [0, 4) and [2, 6)
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].start, 0u);
  EXPECT_EQ(spans[1].start, 2u);
  w.finish(on_window);  // [4, 6) holds nothing new
  EXPECT_EQ(spans.size(), 2u);
}

// What a reset would drop: samples no window has covered, not the overlap already heard and not
// the samples a long hop skips by design.
TEST(StreamWindower, CountsTheSamplesAResetWouldDrop) {
  auto none = [](const WindowSpan&, FloatSpan) {};
  const std::vector<float> one(1, 1.0f);
  StreamWindower overlap(4, 2);
  const std::vector<std::size_t> expected{1, 2, 3, 0, 1, 0, 1, 0};  // windows end at 4, 6, 8
  for (std::size_t i = 0; i < expected.size(); ++i) {
    overlap.push(FloatSpan(one), none);
    EXPECT_EQ(overlap.unclassified(), expected[i]) << "after sample " << i + 1;
  }
  StreamWindower gaps(2, 5);  // windows [0, 2), [5, 7): samples 2..4 are skipped
  for (std::size_t i = 0; i < 6; ++i) gaps.push(FloatSpan(one), none);
  EXPECT_EQ(gaps.unclassified(), 1u);  // sample 5
  gaps.reset();
  EXPECT_EQ(gaps.unclassified(), 0u);
}

TEST(StreamWindower, ZeroWindowOrHopIsAnError) {
  EXPECT_THROW(StreamWindower(0, 1), ParameterError);
  EXPECT_THROW(StreamWindower(1, 0), ParameterError);
}

}  // namespace
}  // namespace ser::features
