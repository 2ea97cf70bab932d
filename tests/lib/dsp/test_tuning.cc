#include "dsp/tuning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/stft.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

// README: compare after rounding to 0.01, within 1e-9.
bool same_tuning(double a, double b) { return std::fabs(std::round(a * 100) / 100 - std::round(b * 100) / 100) <= 1e-9; }

Matrix squared(const Matrix& m) {
  Matrix p = m;
  for (size_t i = 0; i < p.size(); ++i) p.data()[i] = m.data()[i] * m.data()[i];  // float32, as numpy squares
  return p;
}

std::vector<float> tone(double hz, size_t n, double sr = 16000) {
  std::vector<float> y(n);
  for (size_t i = 0; i < n; ++i) y[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * hz * i / sr));
  return y;
}

// The golden |STFT| is librosa's own spectrogram: the estimate must be librosa's on every input.
TEST(EstimateTuning, OnLibrosasMagnitudeReproducesChromaStftTuning) {
  SER_REQUIRE_GOLDEN();
  TuningEstimator estimator;
  for (const auto& g : test::golden_inputs()) {
    const Matrix S = g.load("stft_mag").as_matrix();
    EXPECT_TRUE(same_tuning(estimator.estimate(S, 16000, 2048), g.chroma_stft_tuning)) << g.name;
  }
}

// chroma_stft(y=y) estimates on the power |STFT|^2 (index.json's tonnetz_stft_chroma_tuning).
TEST(EstimateTuning, OnLibrosasPowerReproducesTonnetzStftTuning) {
  SER_REQUIRE_GOLDEN();
  for (const auto& g : test::golden_inputs()) {
    const Matrix P = squared(g.load("stft_mag").as_matrix());
    EXPECT_TRUE(same_tuning(estimate_tuning(P, 16000, 2048), g.tonnetz_stft_chroma_tuning)) << g.name;
  }
}

// From the audio through the float32 Stft (librosa's numpy FFT runs in double). Every
// magnitude estimate matches. On the power, 03-01-04-01-02-01-07 is a near tie (19 peaks at
// 0.26 against 17 at 0.17): rounding noise in two near-silent frames (t = 119, 120: a few
// 1-LSB samples, whose flat spectra get extra local maxima) adds peaks and gives 0.17, which
// is also what librosa itself gives on the float64 signal (README, "Tolerances", point 1).
TEST(EstimateTuning, FromAudioMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  TuningEstimator estimator;
  Matrix mag, power;
  int mismatches = 0;
  for (const auto& g : test::golden_inputs()) {
    stft.magnitude(g.y(), mag, 1.0f);
    stft.magnitude(g.y(), power, 2.0f);
    const double from_mag = estimator.estimate(mag, 16000, 2048);
    const double from_power = estimator.estimate(power, 16000, 2048);
    EXPECT_TRUE(same_tuning(from_mag, g.chroma_stft_tuning)) << g.name << ": " << from_mag;
    if (!same_tuning(from_power, g.tonnetz_stft_chroma_tuning)) {
      ++mismatches;
      std::printf("estimate_tuning(|D|^2) from audio, %s: %.2f, librosa %.2f\n", g.name.c_str(), from_power,
                  g.tonnetz_stft_chroma_tuning);
      if (g.name == "03-01-04-01-02-01-07") {
        EXPECT_TRUE(same_tuning(from_power, 0.17)) << from_power;
      } else {
        ADD_FAILURE() << g.name << ": " << from_power << " != " << g.tonnetz_stft_chroma_tuning;
      }
    }
  }
  EXPECT_LE(mismatches, 1);
}

// With numpy's FFT arithmetic (StftF64) every estimate matches, the near tie included.
TEST(EstimateTuning, FromAudioWithNumpysFftMatchesLibrosaEverywhere) {
  SER_REQUIRE_GOLDEN();
  TuningEstimator estimator;
  for (const auto& g : test::golden_inputs()) {
    const double from_mag = estimator.estimate(test::numpy_stft_magnitude(g.y(), 1), 16000, 2048);
    const double from_power = estimator.estimate(test::numpy_stft_magnitude(g.y(), 2), 16000, 2048);
    EXPECT_TRUE(same_tuning(from_mag, g.chroma_stft_tuning)) << g.name << ": " << from_mag;
    EXPECT_TRUE(same_tuning(from_power, g.tonnetz_stft_chroma_tuning)) << g.name << ": " << from_power;
  }
}

TEST(EstimateTuning, SineOffByThirtyCentsGivesPointThree) {
  const double hz = 440.0 * std::pow(2.0, 0.30 / 12);
  Stft stft;
  Matrix S;
  stft.magnitude(tone(hz, 32000), S, 1.0f);
  EXPECT_NEAR(estimate_tuning(S, 16000, 2048), 0.30, 0.025);
}

TEST(EstimateTuning, SilenceAndNoFramesGiveZero) {
  EXPECT_EQ(estimate_tuning(Matrix(1025, 10, 0.0f), 16000, 2048), 0.0);
  EXPECT_EQ(estimate_tuning(Matrix(1025, 0), 16000, 2048), 0.0);
}

TEST(EstimateTuning, AnEstimatorGivesTheSameAnswersAsTheFunctionWhateverCameBefore) {
  Stft stft;
  Matrix a, b;
  stft.magnitude(tone(300.0, 20000), a, 1.0f);
  stft.magnitude(tone(987.0, 9000), b, 1.0f);
  TuningEstimator estimator;
  const double ta = estimator.estimate(a, 16000, 2048);
  const double tb = estimator.estimate(b, 16000, 2048);
  EXPECT_EQ(estimator.estimate(a, 16000, 2048), ta);
  EXPECT_EQ(ta, estimate_tuning(a, 16000, 2048));
  EXPECT_EQ(tb, estimate_tuning(b, 16000, 2048));
}

TEST(PitchTuning, FindsTheOffsetOfASetOfNotes) {
  // Notes from A1 up two octaves, all 25.5 cents sharp: the bin [0.25, 0.26) wins.
  std::vector<double> f;
  for (int n = 0; n < 24; ++n) f.push_back(55.0 * std::pow(2.0, (n + 0.255) / 12));
  EXPECT_NEAR(pitch_tuning(Span<const double>(f)), 0.25, 1e-12);
  // 30.5 cents flat: [-0.31, -0.30).
  for (auto& v : f) v *= std::pow(2.0, -0.56 / 12);
  EXPECT_NEAR(pitch_tuning(Span<const double>(f)), -0.31, 1e-12);
  // Coarser resolution and another octave division: 0.255 of a 36th of an octave.
  std::vector<float> g;
  for (int n = 0; n < 36; ++n) g.push_back(static_cast<float>(110.0 * std::pow(2.0, (n + 0.255) / 36)));
  EXPECT_NEAR(pitch_tuning(Span<const float>(g), 0.1, 36), 0.2, 1e-12);
}

TEST(PitchTuning, NoPositiveFrequencyGivesZero) {
  const std::vector<float> none = {0.0f, -5.0f};
  EXPECT_EQ(pitch_tuning(Span<const float>(none)), 0.0);
  EXPECT_EQ(pitch_tuning(Span<const float>()), 0.0);
}

TEST(Piptrack, ASineIsOnePeakPerFrameAtItsFrequency) {
  Stft stft;
  Matrix S, pitches, mags;
  stft.magnitude(tone(1000.0, 16000), S, 1.0f);
  piptrack(S, 16000, 2048, pitches, mags);
  ASSERT_EQ(pitches.rows(), S.rows());
  ASSERT_EQ(pitches.cols(), S.cols());
  for (size_t t = 2; t + 2 < S.cols(); ++t) {
    int peaks = 0;
    for (size_t k = 0; k < S.rows(); ++k) {
      if (pitches(k, t) == 0) {
        EXPECT_EQ(mags(k, t), 0.0f);
        continue;
      }
      ++peaks;
      EXPECT_NEAR(pitches(k, t), 1000.0, 1.0);
      EXPECT_NEAR(mags(k, t), S(128, t), 0.05 * S(128, t));  // 1000 Hz is bin 128
    }
    EXPECT_EQ(peaks, 1) << "frame " << t;
  }
}

TEST(Piptrack, SearchesOnlyFminToFmax) {
  Stft stft;
  Matrix S, pitches, mags;
  stft.magnitude(tone(5000.0, 8000), S, 1.0f);  // above the default fmax of 4000 Hz
  piptrack(S, 16000, 2048, pitches, mags);
  for (size_t i = 0; i < pitches.size(); ++i) EXPECT_EQ(pitches.data()[i], 0.0f);
  PiptrackParams wide;
  wide.fmax = 8000;
  piptrack(S, 16000, 2048, pitches, mags, wide);
  float found = 0;
  for (size_t i = 0; i < pitches.size(); ++i) found = std::max(found, pitches.data()[i]);
  EXPECT_NEAR(found, 5000.0f, 2.0f);
}

TEST(Piptrack, AFixedReferenceReplacesTheFrameMaximum) {
  Matrix S(1025, 1, 0.0f);
  S(100, 0) = 1.0f;   // 781 Hz
  S(200, 0) = 0.05f;  // 1562 Hz: below 0.1 x the frame maximum, above a fixed 0.01
  Matrix pitches, mags;
  piptrack(S, 16000, 2048, pitches, mags);
  EXPECT_GT(pitches(100, 0), 0.0f);
  EXPECT_EQ(pitches(200, 0), 0.0f);
  PiptrackParams p;
  p.ref = 0.01;
  piptrack(S, 16000, 2048, pitches, mags, p);
  EXPECT_GT(pitches(100, 0), 0.0f);
  EXPECT_NEAR(pitches(200, 0), 200 * 16000.0 / 2048, 1e-3);  // isolated bin: no shift
}

TEST(Tuning, BadParametersAreRejectedNamingTheField) {
  const Matrix S(1025, 3, 1.0f);
  Matrix p, m;
  const std::initializer_list<test::BadParam<PiptrackParams>> bad = {
      {"fmin", [](PiptrackParams& q) { q.fmin = -1; }},
      {"fmax", [](PiptrackParams& q) { q.fmax = 100; }},
      {"threshold", [](PiptrackParams& q) { q.threshold = -0.1; }},
      {"ref", [](PiptrackParams& q) { q.ref = -1.0; }},
  };
  test::expect_each_rejected<PiptrackParams>({}, bad, [&](const PiptrackParams& q) { piptrack(S, 16000, 2048, p, m, q); });
  test::expect_each_rejected<PiptrackParams>({}, bad, [](const PiptrackParams& q) { TuningEstimator e(q); });
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { estimate_tuning(S, 0, 2048); }, "sr"));
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { estimate_tuning(S, 16000, 1024); }, "n_fft"));
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { estimate_tuning(S, 16000, 2048, 0.0); }, "resolution"));
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { estimate_tuning(S, 16000, 2048, 1.0); }, "resolution"));
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { estimate_tuning(S, 16000, 2048, 0.01, 0); }, "bins_per_octave"));
  const std::vector<float> f = {440.0f};
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { pitch_tuning(Span<const float>(f), -0.5); }, "resolution"));
}

}  // namespace
}  // namespace ser::dsp
