// The speech share of a window (speech_timeline.h), and the element's way of reaching it (audio in
// pieces, windows cut as they complete) against ser-train predict's (the whole clip at once).
#include "vad/speech_timeline.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/signals.h"
#include "features/stream_windower.h"
#include "vad/clip_activity.h"
#include "vad/speech_trim.h"
#include "vad/stream_activity.h"
#include "vad_test_support.h"

namespace ser::test {
namespace {

using vad::kAtEnd;
using vad::SpeechTimeline;

TEST(SpeechTimeline, ShareCountsSamplesOfKnownSpans) {
  SpeechTimeline t;
  t.add(10, 0.9f, 10);  // [0, 10) speech
  t.add(20, 0.1f, 20);  // [10, 20) not
  t.add(30, 0.6f, 30);  // [20, 30) speech
  EXPECT_DOUBLE_EQ(t.share(0, 30, 30, 0.5), 20.0 / 30);
  EXPECT_DOUBLE_EQ(t.share(5, 15, 30, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(t.share(0, 30, 30, 0.7), 10.0 / 30);  // the threshold is applied when asked
  EXPECT_DOUBLE_EQ(t.share(12, 12, 30, 0.5), 0.0);
}

TEST(SpeechTimeline, UnknownTailTakesTheLastKnownDecision) {
  SpeechTimeline t;
  t.add(10, 0.9f, 10);
  t.add(20, 0.1f, 20);
  // Seen at 15: [10, 20) is not known yet; its samples take [0, 10)'s decision, speech.
  EXPECT_DOUBLE_EQ(t.share(5, 15, 15, 0.5), 1.0);
  // Seen at 20 it is known.
  EXPECT_DOUBLE_EQ(t.share(5, 15, 20, 0.5), 0.5);
  // Nothing known yet: no speech.
  EXPECT_DOUBLE_EQ(t.share(0, 5, 5, 0.5), 0.0);
  // A flushed span is known at the end only.
  t.add(25, 0.9f, kAtEnd);
  EXPECT_DOUBLE_EQ(t.share(20, 25, 25, 0.5), 0.0);  // [10, 20)'s decision still holds
  EXPECT_DOUBLE_EQ(t.share(20, 25, kAtEnd, 0.5), 1.0);
}

TEST(SpeechTimeline, SpeechRangeRunsFromTheFirstSpeechSampleToTheLast) {
  SpeechTimeline t;
  t.add(100, 0.1f, 100);  // [0, 100) not
  t.add(200, 0.9f, 200);  // [100, 200) speech
  t.add(300, 0.2f, 300);  // [200, 300) not
  t.add(400, 0.8f, 400);  // [300, 400) speech
  auto r = t.speech_range(50, 450, 400, 0.5);
  EXPECT_EQ(r.begin, 100u);
  EXPECT_EQ(r.end, 450u);  // the unknown tail takes [300, 400)'s decision, speech
  r = t.speech_range(50, 450, 300, 0.5);  // seen at 300: [300, 400) is not known, [200, 300) holds
  EXPECT_EQ(r.begin, 100u);
  EXPECT_EQ(r.end, 200u);
  r = t.speech_range(150, 350, 400, 0.5);  // within speech at both ends
  EXPECT_EQ(r.begin, 150u);
  EXPECT_EQ(r.end, 350u);
  EXPECT_TRUE(t.speech_range(200, 300, 400, 0.5).empty());
  EXPECT_TRUE(t.speech_range(0, 400, 400, 0.95).empty());  // the threshold is applied when asked
  EXPECT_TRUE(t.speech_range(0, 50, 50, 0.5).empty());     // nothing known yet
}

TEST(SpeechTrim, SpeechPartOfAWindowKeepsAMarginWithinIt) {
  SpeechTimeline t;
  t.add(100, 0.1f, 100);
  t.add(200, 0.9f, 200);
  t.add(300, 0.2f, 300);
  auto r = vad::speech_part(t, 0, 300, 300, 0.5, 30);
  EXPECT_EQ(r.begin, 70u);
  EXPECT_EQ(r.end, 230u);
  r = vad::speech_part(t, 120, 300, 300, 0.5, 30);  // the margin stops at the window's start
  EXPECT_EQ(r.begin, 120u);
  r = vad::speech_part(t, 200, 300, 300, 0.5, 30);  // no speech: the whole window
  EXPECT_EQ(r.begin, 200u);
  EXPECT_EQ(r.end, 300u);
}

TEST(StreamActivity, FlagsHoldUntilTheNextOne) {
  vad::StreamActivity flags;
  EXPECT_FALSE(flags.runs_silero());
  flags.push_flag(10, std::nullopt);  // no flag yet: not speech
  flags.push_flag(10, true);
  flags.push_flag(10, std::nullopt);  // holds the last flag
  flags.push_flag(10, false);
  EXPECT_EQ(flags.position(), 40u);
  EXPECT_DOUBLE_EQ(flags.speech_share(0, 40, 40, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(flags.speech_share(10, 30, 10, 0.5), 1.0);  // a flag is known from its first sample
  EXPECT_THROW(flags.push(FloatSpan()), ParameterError);
  flags.reset();
  EXPECT_EQ(flags.position(), 0u);
}

TEST(SpeechTimeline, DiscardKeepsTheSpanBeforeThePosition) {
  SpeechTimeline t;
  for (std::size_t i = 1; i <= 10; ++i) t.add(10 * i, i == 3 ? 0.9f : 0.1f, 10 * i);
  t.discard_before(45);
  EXPECT_EQ(t.size(), 7u);  // [30, 40) is kept: it ends before 45 but is the last to
  EXPECT_DOUBLE_EQ(t.share(45, 50, 100, 0.5), 0.0);
  t.discard_before(100);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.end(), 100u);
  EXPECT_THROW(t.add(100, 0.5f, 100), ParameterError);
  t.reset();
  EXPECT_EQ(t.end(), 0u);
}

// As the element does it (vad::StreamActivity): samples in pieces, the VAD run on each piece
// before the windows it completes are cut, every window's share asked as it is cut (at finish:
// kAtEnd).
std::vector<double> streamed_shares(const std::vector<float>& y, std::size_t window, std::size_t hop,
                                    std::size_t piece) {
  vad::StreamActivity activity(shipped_vad_weights());
  features::StreamWindower windower(window, hop);
  std::vector<double> shares;
  for (std::size_t at = 0; at < y.size(); at += piece) {
    const FloatSpan s(y.data() + at, std::min(piece, y.size() - at));
    activity.push(s);
    windower.push(s, [&](const features::WindowSpan& w, FloatSpan) {
      shares.push_back(activity.speech_share(w.start, w.start + w.length, w.start + w.length, 0.5));
    });
    activity.discard_before(windower.next_start());
  }
  activity.finish();
  windower.finish([&](const features::WindowSpan& w, FloatSpan) {
    shares.push_back(activity.speech_share(w.start, w.start + w.length, kAtEnd, 0.5));
  });
  return shares;
}

TEST(ClipActivity, StreamedSharesEqualTheWholeClips) {
  std::vector<float> y = noise(20000, NoiseColour::Pink, -40, 5);
  const auto tone = sine(30000, 180.0, 16000.0, 0.2);
  y.insert(y.end(), tone.begin(), tone.end());
  const auto tail = noise(7777, NoiseColour::White, -25, 6);
  y.insert(y.end(), tail.begin(), tail.end());
  vad::SileroVad vad(shipped_vad_weights());
  std::vector<float> p;
  const SpeechTimeline whole = vad::clip_timeline(vad, FloatSpan(y), p);
  for (auto [window, hop] : {std::pair<std::size_t, std::size_t>{16000, 4000}, {3000, 700}, {300, 300}, {80000, 100}}) {
    std::vector<double> expected;
    for (const auto& w : features::plan_windows(y.size(), window, hop)) {
      expected.push_back(whole.share(w.start, w.start + w.length, vad::seen_at(w, window), 0.5));
    }
    for (std::size_t piece : {1u, 160u, 512u, 4093u, 100000u}) {
      EXPECT_EQ(streamed_shares(y, window, hop, piece), expected) << "window " << window << " piece " << piece;
    }
  }
}

}  // namespace
}  // namespace ser::test
