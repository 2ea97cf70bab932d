// Speech the VAD misses, told by its voicing (voiced_speech.h), and the gate that uses it.
#include "vad/voiced_speech.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/shared_data.h"
#include "common/signals.h"
#include "features/windowing.h"
#include "vad/clip_activity.h"
#include "vad/speech_gate.h"
#include "vad/vad_model.h"
#include "vad_test_support.h"

namespace ser::test {
namespace {

using vad::summarise_voicing;
using vad::sounds_like_voiced_speech;

constexpr int kRate = 16000;
constexpr double kPi = 3.14159265358979323846;

// Voiced syllables as a speaker makes them: 6 of 250 ms whose pitch glides (110 to 170 Hz and
// back), harmonics falling 6 dB per octave, a rounded onset and offset, and between them 250 ms of
// quiet breath noise.
std::vector<float> voiced_syllables() {
  std::vector<float> y;
  unsigned state = 12345;
  auto noise = [&state] {
    state = state * 1664525u + 1013904223u;
    return (double(state >> 8) / double(1u << 24) - 0.5) * 0.004;
  };
  for (int s = 0; s < 6; ++s) {
    const int n = kRate / 4;
    double phase = 0.0;
    for (int i = 0; i < n; ++i) {
      const double u = double(i) / n;
      const double f0 = s % 2 == 0 ? 110.0 + 60.0 * u : 170.0 - 50.0 * u;
      phase += 2.0 * kPi * f0 / kRate;
      double v = 0.0;
      for (int k = 1; k * f0 < 4000.0; ++k) v += std::sin(k * phase) / k;
      y.push_back(static_cast<float>(0.2 * std::sin(kPi * u) * v + noise()));
    }
    for (int i = 0; i < n; ++i) y.push_back(static_cast<float>(noise()));
  }
  return y;
}

// A 50 Hz hum with a 1 kHz beep of 100 ms every second (the element's speech-stream test's).
std::vector<float> hum_and_beep() {
  std::vector<float> y(3 * kRate);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double t = double(i) / kRate;
    const double beep = std::fmod(t, 1.0) < 0.1 ? 0.3 * std::sin(2 * kPi * 1000 * t) : 0.0;
    y[i] = static_cast<float>(0.1 * std::sin(2 * kPi * 50 * t) + beep);
  }
  return y;
}

TEST(VoicedSpeech, SyllablesAreSpeech) {
  const auto v = summarise_voicing(FloatSpan(voiced_syllables()), kRate);
  EXPECT_GT(v.voiced_share, 0.3);
  EXPECT_LT(v.voiced_share, 0.6);
  EXPECT_GE(v.voiced_stretches, 5);
  EXPECT_GT(v.f0_sd_semitones, 1.5);  // 110-170 Hz spans 7.5 semitones
  EXPECT_TRUE(sounds_like_voiced_speech(v));
}

TEST(VoicedSpeech, NoiseTonesAndHumAreNot) {
  const std::vector<std::vector<float>> others = {
      white_noise(3 * kRate, 0.3, 7),
      sine(3 * kRate, 220.0, kRate, 0.3),  // voiced throughout, at one pitch
      hum_and_beep(),
      std::vector<float>(3 * kRate, 0.0f),
  };
  for (std::size_t i = 0; i < others.size(); ++i) {
    EXPECT_FALSE(sounds_like_voiced_speech(summarise_voicing(FloatSpan(others[i]), kRate))) << "signal " << i;
  }
}

TEST(VoicedSpeech, BadInputIsNothingVoiced) {
  auto y = voiced_syllables();
  y[100] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(summarise_voicing(FloatSpan(y), kRate).voiced_share, 0.0);
  EXPECT_EQ(summarise_voicing(FloatSpan(), kRate).voiced_share, 0.0);
  auto huge = voiced_syllables();
  huge[100] = 1e6f;  // beyond any audio's range: eGeMAPS refuses it
  EXPECT_EQ(summarise_voicing(FloatSpan(huge), kRate).voiced_share, 0.0);
  // A span shorter than a frame is padded to one: at most one stretch, never speech.
  const std::vector<float> short_span(10, 0.1f);
  EXPECT_LE(summarise_voicing(FloatSpan(short_span), kRate).voiced_stretches, 1);
  // eGeMAPS needs 16 kHz or more: an 8 kHz model's windows are not rescued.
  EXPECT_EQ(summarise_voicing(FloatSpan(voiced_syllables()), 8000).voiced_share, 0.0);
  EXPECT_EQ(summarise_voicing(FloatSpan(voiced_syllables()), 400000).voiced_share, 0.0);
}

TEST(VoicedSpeech, GateRescuesHeldVoicedWindowsOnly) {
  const auto speech = voiced_syllables();
  vad::SpeechGate gate;
  auto c = vad::check_window(FloatSpan(speech), kRate, 0.0, gate);
  EXPECT_EQ(c.verdict, vad::Verdict::Speech);
  EXPECT_TRUE(c.voiced_rescue);
  EXPECT_TRUE(c.little_speech);
  EXPECT_FALSE(c.trusted());
  // Enough speech for the VAD: no rescue needed, none reported.
  c = vad::check_window(FloatSpan(speech), kRate, 0.5, gate);
  EXPECT_EQ(c.verdict, vad::Verdict::Speech);
  EXPECT_FALSE(c.voiced_rescue);
  gate.voicing_rescue = false;
  c = vad::check_window(FloatSpan(speech), kRate, 0.0, gate);
  EXPECT_EQ(c.verdict, vad::Verdict::NoSpeech);
  EXPECT_FALSE(c.voiced_rescue);
  gate.voicing_rescue = true;
  const auto noise = white_noise(3 * kRate, 0.3, 3);
  EXPECT_EQ(vad::check_window(FloatSpan(noise), kRate, 0.0, gate).verdict, vad::Verdict::NoSpeech);
  // A rescued window is never trusted, even when min_share lies above the little-speech share.
  gate.min_share = 0.5;
  c = vad::check_window(FloatSpan(speech), kRate, 0.4, gate);
  EXPECT_TRUE(c.voiced_rescue);
  EXPECT_TRUE(c.little_speech);
  EXPECT_FALSE(c.trusted());
}

// The shouts Silero misses (docs/element.md): Silero finds no window of speech in them, and the
// voicing gives each back.
TEST(VoicedSpeech, ShoutsSileroMissesAreRescued) {
  SER_REQUIRE_DATA();
  const std::vector<std::string> shouts = {
      "ravdess/Actor_06/03-01-05-02-01-01-06.flac", "ravdess/Actor_06/03-01-05-02-02-01-06.flac",
      "ravdess/Actor_06/03-01-06-02-01-02-06.flac", "ravdess/Actor_06/03-01-06-02-02-02-06.flac",
      "ravdess/Actor_14/03-01-05-02-02-01-14.flac", "ravdess/Actor_18/03-01-05-02-02-01-18.flac",
      "ravdess/Actor_20/03-01-06-02-02-02-20.flac"};
  vad::SpeechGate gate;
  vad::SileroVad silero(vad::load_silero_weights(vad::vad_model_path()));
  std::vector<float> p;
  const std::size_t window = 3 * kRate;
  for (const auto& file : shouts) {
    const auto y = corpus_audio_16k(file);
    const auto timeline = vad::clip_timeline(silero, FloatSpan(y), p);
    // The first window, its share by the element's rule (vad/clip_activity.h).
    const features::WindowSpan w = features::plan_windows(y.size(), window, window).front();
    const double share = timeline.share(w.start, w.start + w.length, vad::seen_at(w, window), gate.threshold);
    ASSERT_LT(share, gate.min_share) << file << ": Silero hears this shout now; pick another";
    const auto c = vad::check_window(FloatSpan(y.data() + w.start, w.length), kRate, share, gate);
    EXPECT_EQ(c.verdict, vad::Verdict::Speech) << file;
    EXPECT_TRUE(c.voiced_rescue) << file;
  }
}

}  // namespace
}  // namespace ser::test
