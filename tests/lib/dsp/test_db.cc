#include "dsp/db.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/mel.h"
#include "dsp/stft.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

TEST(PowerToDb, LogMelOfTheGoldenMelMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  PowerToDbParams db;
  db.ref_max = true;
  test::WorstDiff worst("logmel_db from the golden mel, dB", 2e-4);  // README: abs 2e-4 dB
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    Matrix mel = g.load("mel").as_matrix();
    power_to_db(mel, db);
    worst.check(mel, g.load("logmel_db").as_matrix());
  }
}

// From the audio through the float32 Stft, mel, power_to_db. librosa's STFT runs numpy's FFT in
// double and rounds once; Stft rounds inside the FFT, so bins far below a frame's peak carry a
// larger relative error (measured: up to 1e-4 around -75 dB, i.e. 5e-4 dB). The README's 2e-4 dB
// holds within 60 dB of the maximum; the bins 60 to 80 dB down are held to 2e-3 dB.
TEST(PowerToDb, LogMelFromAudioMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  MelParams mp;
  mp.sr = 16000;
  const MelFilterBank bank(mp);
  PowerToDbParams db;
  db.ref_max = true;
  Matrix power, mel;
  double worst_loud = 0, worst_all = 0;
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    stft.magnitude(g.y(), power, 2.0f);
    bank.apply(power, mel);
    power_to_db(mel, db);
    const Matrix ref = g.load("logmel_db").as_matrix();
    ASSERT_EQ(mel.size(), ref.size());
    double loud = 0, all = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
      const double d = std::fabs(double(mel.data()[i]) - ref.data()[i]);
      all = std::max(all, d);
      if (ref.data()[i] >= -60.0f) loud = std::max(loud, d);
    }
    EXPECT_LE(loud, 2e-4);
    EXPECT_LE(all, 2e-3);
    worst_loud = std::max(worst_loud, loud);
    worst_all = std::max(worst_all, all);
  }
  std::printf("logmel_db from audio: worst |diff| = %.3g dB within 60 dB of the max, %.3g dB overall\n",
              worst_loud, worst_all);
}

// With numpy's FFT arithmetic (StftF64) the README's 2e-4 dB holds on every bin.
TEST(PowerToDb, LogMelFromAudioWithNumpysFftMatchesLibrosaEverywhere) {
  SER_REQUIRE_GOLDEN();
  const MelFilterBank bank(test::at_16k<MelParams>());
  PowerToDbParams db;
  db.ref_max = true;
  Matrix mel;
  test::WorstDiff worst("logmel_db from audio through StftF64, dB", 2e-4);
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    bank.apply(test::numpy_stft_magnitude(g.y(), 2), mel);
    power_to_db(mel, db);
    worst.check(mel, g.load("logmel_db").as_matrix());
  }
}

TEST(PowerToDb, KnownValues) {
  std::vector<float> S = {1.0f, 10.0f, 0.01f, 0.0f, 1e-12f};
  PowerToDbParams p;
  p.top_db = -1;  // no clipping
  power_to_db(Span<float>(S), p);
  EXPECT_NEAR(S[0], 0.0f, 1e-6);
  EXPECT_NEAR(S[1], 10.0f, 1e-5);
  EXPECT_NEAR(S[2], -20.0f, 1e-5);
  EXPECT_NEAR(S[3], -100.0f, 1e-4);  // amin = 1e-10
  EXPECT_NEAR(S[4], -100.0f, 1e-4);
}

TEST(PowerToDb, ReferenceValueAndMax) {
  std::vector<double> S = {4.0, 2.0, 1.0};
  PowerToDbParams p;
  p.ref = 2.0;
  power_to_db(Span<double>(S), p);
  EXPECT_NEAR(S[0], 10 * std::log10(2.0), 1e-12);
  EXPECT_NEAR(S[1], 0.0, 1e-12);
  std::vector<double> T = {4.0, 2.0, 1.0};
  p.ref_max = true;
  power_to_db(Span<double>(T), p);
  EXPECT_NEAR(T[0], 0.0, 1e-12);
  EXPECT_NEAR(T[2], -10 * std::log10(4.0), 1e-12);
}

TEST(PowerToDb, TopDbClipsBelowTheMaximumOfTheWholeInput) {
  Matrix S(2, 3);
  const float v[] = {1.0f, 1e-3f, 1e-9f, 1e-2f, 1e-5f, 0.0f};
  std::copy(v, v + 6, S.data());
  PowerToDbParams p;
  p.top_db = 40;
  power_to_db(S, p);
  EXPECT_NEAR(S(0, 0), 0.0f, 1e-6);
  EXPECT_NEAR(S(0, 1), -30.0f, 1e-5);
  EXPECT_NEAR(S(0, 2), -40.0f, 1e-5);  // clipped
  EXPECT_NEAR(S(1, 0), -20.0f, 1e-5);
  EXPECT_NEAR(S(1, 2), -40.0f, 1e-5);  // silence: clipped, finite
}

TEST(PowerToDb, SilenceIsFinite) {
  Matrix S(4, 3, 0.0f);
  power_to_db(S);
  for (size_t i = 0; i < S.size(); ++i) EXPECT_FLOAT_EQ(S.data()[i], -100.0f);
  Matrix T(4, 3, 0.0f);
  PowerToDbParams p;
  p.ref_max = true;  // max is 0: floored at amin, so 0 dB
  power_to_db(T, p);
  for (size_t i = 0; i < T.size(); ++i) EXPECT_FLOAT_EQ(T.data()[i], 0.0f);
}

TEST(PowerToDb, EmptyInputIsLeftEmpty) {
  Matrix S;
  PowerToDbParams p;
  p.ref_max = true;
  power_to_db(S, p);
  EXPECT_TRUE(S.empty());
}

TEST(PowerToDb, BadParametersAreRejectedNamingTheField) {
  test::expect_each_rejected<PowerToDbParams>({},
      {
          {"amin", [](PowerToDbParams& p) { p.amin = 0; }},
          {"amin", [](PowerToDbParams& p) { p.amin = -1e-10; }},
          {"ref", [](PowerToDbParams& p) { p.ref = 0; }},
          {"ref", [](PowerToDbParams& p) { p.ref = -1; }},
          {"top_db", [](PowerToDbParams& p) { p.top_db = NAN; }},
      },
      [](const PowerToDbParams& p) {
        Matrix S(2, 2, 1.0f);
        power_to_db(S, p);
      });
}

}  // namespace
}  // namespace ser::dsp
