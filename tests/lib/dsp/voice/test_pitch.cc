// Tests of the pitch track of eGeMAPS: subharmonic summation and voicing decisions.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/error.h"
#include "common/signals.h"
#include "dsp/fft.h"
#include "dsp/voice/pitch_shs.h"
#include "dsp/voice/voicing_smoother.h"
#include "dsp/window.h"

namespace ser::dsp::voice {
namespace {

// |FFT| of the 60 ms Gaussian-windowed frame of y at `start`, as eGeMAPS analyses pitch.
std::vector<float> pitch_spectrum(const std::vector<float>& y, size_t start) {
  RealFft fft(1024);
  const auto w = gaussian_window(960, 0.4);
  for (int i = 0; i < 1024; ++i) fft.real()[i] = i < 960 ? y[start + size_t(i)] * w[size_t(i)] : 0.0f;
  fft.forward();
  std::vector<float> m(513);
  for (int k = 0; k < 513; ++k) m[size_t(k)] = std::abs(fft.spectrum()[k]);
  return m;
}

TEST(PitchShs, FindsTheFundamentalOfAHarmonicSeries) {
  PitchShs shs;
  ShsFrame frame;
  for (double f0 : {90.0, 150.0, 233.0, 440.0}) {
    const auto y = test::vowel(2000, f0, 16000, 0.5);
    shs.compute(pitch_spectrum(y, 0).data(), frame);
    ASSERT_FALSE(frame.candidates.empty());
    EXPECT_NEAR(12 * std::log2(frame.candidates.front().f0 / f0), 0.0, 0.15) << f0;
    EXPECT_GT(frame.voicing, 0.7) << f0;
    EXPECT_LE(frame.candidates.size(), 6u);
    for (size_t i = 1; i < frame.candidates.size(); ++i)
      EXPECT_GE(frame.candidates[i - 1].score, frame.candidates[i].score);
  }
}

TEST(PitchShs, MissingFundamentalIsStillFound) {
  // Harmonics 2..8 of 200 Hz only: the summation hears 200 Hz, as a listener does.
  std::vector<float> y(2000, 0.0f);
  for (int k = 2; k <= 8; ++k)
    for (size_t i = 0; i < y.size(); ++i) y[i] += 0.1f * float(std::sin(2 * M_PI * 200.0 * k * i / 16000));
  PitchShs shs;
  ShsFrame frame;
  shs.compute(pitch_spectrum(y, 0).data(), frame);
  ASSERT_FALSE(frame.candidates.empty());
  EXPECT_NEAR(frame.candidates.front().f0, 200.0, 3.0);
}

TEST(PitchShs, ARangeWithoutAPointOfTheOctaveScaleGivesNoCandidate) {
  // 33 points over 8.3 octaves: none falls within 55-56 Hz. No maximum, no candidate, nothing read
  // outside the summed spectrum.
  PitchShsParams p;
  p.n_fft = 64;
  p.min_pitch = 55.0;
  p.max_pitch = 56.0;
  PitchShs shs(p);
  std::vector<float> magnitude(33, 1.0f);
  ShsFrame frame;
  shs.compute(magnitude.data(), frame);
  EXPECT_TRUE(frame.candidates.empty());
  EXPECT_EQ(frame.voicing, 0.0);
}

TEST(PitchShs, NoiseAndSilenceAreNotVoiced) {
  PitchShs shs;
  ShsFrame frame;
  const std::vector<float> silence(2000, 0.0f);
  shs.compute(pitch_spectrum(silence, 0).data(), frame);
  EXPECT_EQ(frame.voicing, 0.0);
  EXPECT_TRUE(frame.candidates.empty());
  const auto noise = test::white_noise(2000, 0.3);
  shs.compute(pitch_spectrum(noise, 0).data(), frame);
  EXPECT_LT(frame.voicing, 0.7);
}

TEST(PitchShs, BadParametersAreRefused) {
  auto bad = [](auto change) {
    PitchShsParams p;
    change(p);
    EXPECT_THROW(p.validate(), ParameterError);
  };
  bad([](PitchShsParams& p) { p.n_fft = 1023; });
  bad([](PitchShsParams& p) { p.min_pitch = 2000; });
  bad([](PitchShsParams& p) { p.max_pitch = 9000; });
  bad([](PitchShsParams& p) { p.compression = 0; });
  bad([](PitchShsParams& p) { p.n_harmonics = 0; });
  bad([](PitchShsParams& p) { p.n_candidates = 99; });
  bad([](PitchShsParams& p) { p.scale_min_hz = 60; });
}

TEST(VoicingSmoother, BridgesDipsAndDropsLoneFrames) {
  VoicingSmoother s;
  std::vector<unsigned char> voiced;
  // A dip just under the threshold inside a voiced stretch stays voiced; a lone frame just over it
  // stays unvoiced; a clear stretch is voiced.
  const std::vector<double> v{0.2, 0.2, 0.8, 0.8, 0.69, 0.8, 0.8, 0.2, 0.2, 0.71, 0.2, 0.2};
  s.compute(v.data(), v.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>{0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0}));
  // Without a switching cost it is the plain threshold.
  VoicingSmootherParams p;
  p.switch_cost = 0;
  VoicingSmoother plain(p);
  plain.compute(v.data(), v.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>{0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0}));
  plain.compute(v.data(), 0, voiced);
  EXPECT_TRUE(voiced.empty());
  p.threshold = 1.0;
  EXPECT_THROW(p.validate(), ParameterError);
  p = VoicingSmootherParams{};
  p.jump_cost = -1;
  EXPECT_THROW(p.validate(), ParameterError);
}

TEST(VoicingSmoother, LeapsOfPitchNearTheThresholdAreUnvoiced) {
  VoicingSmoother s;
  std::vector<unsigned char> voiced;
  // Two frames just over the threshold whose best candidate leaps two octaves down and back: the
  // leaps cost more than leaving them unvoiced.
  const std::vector<double> v{0.9, 0.9, 0.71, 0.71, 0.9, 0.9};
  const std::vector<double> leap{400, 400, 100, 100, 400, 400};
  s.compute(v.data(), leap.data(), v.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>{1, 1, 0, 0, 1, 1}));
  // Without F0, or without the jump cost, they stay voiced.
  s.compute(v.data(), v.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>(6, 1)));
  VoicingSmootherParams p;
  p.jump_cost = 0;
  VoicingSmoother no_jump(p);
  no_jump.compute(v.data(), leap.data(), v.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>(6, 1)));
  // A glide of a semitone per frame costs little: it stays voiced.
  std::vector<double> glide(v.size());
  for (size_t t = 0; t < glide.size(); ++t) glide[t] = 200.0 * std::pow(2.0, double(t) / 12.0);
  s.compute(v.data(), glide.data(), v.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>(6, 1)));
  // Where the voicing is clear, a leap is kept (the track, not the voicing, is then in doubt).
  const std::vector<double> clear(6, 0.95);
  s.compute(clear.data(), leap.data(), clear.size(), voiced);
  EXPECT_EQ(voiced, (std::vector<unsigned char>(6, 1)));
}

}  // namespace
}  // namespace ser::dsp::voice
