// The rule that decides which windows reach the network, and the trust flags (speech_gate.h).
#include "vad/speech_gate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "common/signals.h"

namespace ser::test {
namespace {

using vad::check_window;
using vad::SpeechGate;
using vad::VadMode;
using vad::Verdict;

std::vector<float> at_dbfs(double db) { return sine(16000, 440.0, 16000.0, std::sqrt(2.0) * std::pow(10.0, db / 20)); }

TEST(SpeechGate, SileroOrderLevelThenShare) {
  SpeechGate gate;  // silero, threshold 0.5, min share 0.1, level gate at -70 dBFS
  const auto loud = at_dbfs(-20), quiet = at_dbfs(-80);
  EXPECT_EQ(check_window(FloatSpan(quiet), 16000, 1.0, gate).verdict, Verdict::Silence);
  EXPECT_EQ(check_window(FloatSpan(loud), 16000, 0.09, gate).verdict, Verdict::NoSpeech);
  const auto c = check_window(FloatSpan(loud), 16000, 0.1, gate);
  EXPECT_EQ(c.verdict, Verdict::Speech);
  EXPECT_DOUBLE_EQ(c.speech_share, 0.1);
  EXPECT_NEAR(c.rms_db, -20.0, 0.01);
  EXPECT_STREQ(check_window(FloatSpan(quiet), 16000, 1.0, gate).held_label(), "silence");
  EXPECT_STREQ(check_window(FloatSpan(loud), 16000, 0.0, gate).held_label(), "no-speech");
  // The level gate off: a quiet window goes to the VAD's judgement.
  gate.level.enabled = false;
  EXPECT_EQ(check_window(FloatSpan(quiet), 16000, 1.0, gate).verdict, Verdict::Speech);
}

TEST(SpeechGate, LevelAndOffModes) {
  SpeechGate gate;
  gate.mode = VadMode::Level;
  const auto loud = at_dbfs(-20), quiet = at_dbfs(-80);
  auto c = check_window(FloatSpan(loud), 16000, 0.0, gate);  // the VAD's share is not used
  EXPECT_EQ(c.verdict, Verdict::Speech);
  EXPECT_DOUBLE_EQ(c.speech_share, 1.0);
  c = check_window(FloatSpan(quiet), 16000, 1.0, gate);
  EXPECT_EQ(c.verdict, Verdict::Silence);
  EXPECT_DOUBLE_EQ(c.speech_share, 0.0);
  gate.mode = VadMode::Off;
  c = check_window(FloatSpan(quiet), 16000, 0.0, gate);
  EXPECT_EQ(c.verdict, Verdict::Speech);
  EXPECT_TRUE(c.low_level);  // classified, and marked
  const std::vector<float> zeros(100, 0.0f);
  EXPECT_EQ(check_window(FloatSpan(zeros), 16000, 0.0, gate).verdict, Verdict::Speech);
}

TEST(SpeechGate, TrustFlags) {
  SpeechGate gate;
  auto c = check_window(FloatSpan(at_dbfs(-20)), 16000, 0.9, gate);
  EXPECT_TRUE(c.trusted());
  c = check_window(FloatSpan(at_dbfs(-20)), 16000, 0.29, gate);
  EXPECT_TRUE(c.little_speech);
  EXPECT_FALSE(c.trusted());
  c = check_window(FloatSpan(at_dbfs(-56)), 16000, 0.9, gate);
  EXPECT_TRUE(c.low_level);
  EXPECT_FALSE(check_window(FloatSpan(at_dbfs(-54)), 16000, 0.9, gate).low_level);
  auto clipped = at_dbfs(-20);
  for (std::size_t i = 0; i < 100; ++i) clipped[i * 100] = (i % 2) ? 1.0f : -1.0f;  // 100 of 16000: 0.6 %
  c = check_window(FloatSpan(clipped), 16000, 0.9, gate);
  EXPECT_TRUE(c.clipped);
  clipped.assign(clipped.size(), 0.1f);
  clipped[5] = 1.0f;  // one sample of 16000 is not clipping
  EXPECT_FALSE(check_window(FloatSpan(clipped), 16000, 0.9, gate).clipped);
  // Held windows carry no trust flags: they have no result to trust.
  c = check_window(FloatSpan(at_dbfs(-20)), 16000, 0.0, gate);
  EXPECT_TRUE(c.trusted());
}

TEST(SpeechGate, ModesByNameAndBadValues) {
  for (VadMode m : {VadMode::Silero, VadMode::Level, VadMode::Upstream, VadMode::Off}) {
    EXPECT_EQ(vad::parse_vad_mode(vad::vad_mode_name(m)), m);
  }
  EXPECT_FALSE(vad::parse_vad_mode("webrtc").has_value());
  SpeechGate gate;
  EXPECT_NO_THROW(gate.validate());
  gate.threshold = 1.5;
  EXPECT_THROW(gate.validate(), ParameterError);
  gate.threshold = std::nan("");
  EXPECT_THROW(gate.validate(), ParameterError);
  gate = SpeechGate();
  gate.min_share = -0.1;
  EXPECT_THROW(gate.validate(), ParameterError);
  gate = SpeechGate();
  gate.level.threshold_db = 3;
  EXPECT_THROW(gate.validate(), ParameterError);
}

}  // namespace
}  // namespace ser::test
