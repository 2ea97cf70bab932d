#include "dsp/mfcc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/db.h"
#include "dsp/mel.h"
#include "dsp/stft.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

TEST(Mfcc, Mfcc40MatchesLibrosaOnEveryGoldenInput) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  MelParams mp;
  mp.sr = 16000;
  const MelFilterBank bank(mp);
  MfccParams p;
  p.n_mfcc = 40;
  Mfcc mfcc(128, p);
  Matrix power, mel, out;
  test::WorstDiff worst("mfcc40", 2e-3);  // README: abs 2e-3
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    // librosa.feature.mfcc(y=y, sr=16000, n_mfcc=40): power_to_db(melspectrogram(y)), ref 1, top_db 80.
    stft.magnitude(g.y(), power, 2.0f);
    bank.apply(power, mel);
    power_to_db(mel);
    mfcc.compute(mel, out);
    worst.check(out, g.load("mfcc40").as_matrix());
  }
}

TEST(Mfcc, BasisRowsAreOrthonormal) {
  MfccParams p;
  p.n_mfcc = 64;
  const Mfcc mfcc(64, p);
  const auto& B = mfcc.basis();
  for (size_t i = 0; i < 64; ++i) {
    for (size_t j = 0; j < 64; ++j) {
      double dot = 0;
      for (size_t m = 0; m < 64; ++m) dot += double(B[i * 64 + m]) * B[j * 64 + m];
      EXPECT_NEAR(dot, i == j ? 1.0 : 0.0, 1e-6);  // float basis
    }
  }
}

TEST(Mfcc, ConstantSpectrumHasOnlyTheZerothCoefficient) {
  // Silence after power_to_db is a constant -100 dB: C0 = sqrt(N) * -100, the rest 0.
  Matrix S(128, 3, -100.0f);
  const Matrix C = mfcc(S);
  ASSERT_EQ(C.rows(), 20u);  // librosa's default n_mfcc
  ASSERT_EQ(C.cols(), 3u);
  for (size_t t = 0; t < 3; ++t) {
    EXPECT_NEAR(C(0, t), -100.0 * std::sqrt(128.0), 1e-3);
    for (size_t k = 1; k < 20; ++k) EXPECT_NEAR(C(k, t), 0.0f, 1e-4);
  }
}

TEST(Mfcc, CosineAcrossBandsLandsInItsCoefficient) {
  const int N = 40;
  Matrix S(N, 1);
  for (int m = 0; m < N; ++m) S(static_cast<size_t>(m), 0) = static_cast<float>(std::cos(M_PI * 3 * (2 * m + 1) / (2.0 * N)));
  MfccParams p;
  p.n_mfcc = 10;
  const Matrix C = mfcc(S, p);
  for (size_t k = 0; k < 10; ++k) EXPECT_NEAR(C(k, 0), k == 3 ? std::sqrt(N / 2.0) : 0.0, 1e-5) << k;
}

TEST(Mfcc, LifterScalesEachCoefficient) {
  Matrix S(32, 2);
  for (size_t i = 0; i < S.size(); ++i) S.data()[i] = static_cast<float>(std::sin(0.37 * i) * 20);
  MfccParams plain;
  plain.n_mfcc = 13;
  MfccParams liftered = plain;
  liftered.lifter = 22;
  const Matrix A = mfcc(S, plain);
  const Matrix B = mfcc(S, liftered);
  for (size_t k = 0; k < 13; ++k) {
    const double gain = 1 + 11 * std::sin(M_PI * (k + 1) / 22.0);
    for (size_t t = 0; t < 2; ++t) EXPECT_NEAR(B(k, t), A(k, t) * gain, 1e-4 * (1 + std::fabs(B(k, t))));
  }
}

// The blocked, vectorised product gives, bit for bit, the documented sums: float over 8 bands,
// then double, for coefficient counts, band counts and frame counts that leave ragged blocks.
TEST(Mfcc, EqualsItsSumsInEveryBlockShape) {
  for (int n_mels : {128, 45}) {
    for (int n_mfcc : {40, 13, 1}) {
      for (size_t frames : {size_t{1}, size_t{8}, size_t{21}, size_t{116}}) {
        Matrix S(static_cast<size_t>(n_mels), frames);
        for (size_t i = 0; i < S.size(); ++i) S.data()[i] = static_cast<float>(-40 + 35 * std::sin(0.731 * i));
        MfccParams p;
        p.n_mfcc = n_mfcc;
        Mfcc mfcc(n_mels, p);
        Matrix C;
        mfcc.compute(S, C);
        const auto& B = mfcc.basis();
        for (size_t k = 0; k < static_cast<size_t>(n_mfcc); ++k) {
          for (size_t t = 0; t < frames; ++t) {
            double total = 0;
            for (size_t m0 = 0; m0 < static_cast<size_t>(n_mels); m0 += 8) {
              float partial = 0;
              for (size_t m = m0; m < std::min<size_t>(n_mels, m0 + 8); ++m) partial += B[k * n_mels + m] * S(m, t);
              total += partial;
            }
            ASSERT_EQ(C(k, t), static_cast<float>(total)) << n_mels << " mels, " << n_mfcc << " mfcc, frame " << t;
          }
        }
      }
    }
  }
}

TEST(Mfcc, RejectsAnInputOfAnotherBandCount) {
  Mfcc mfcc(128);
  Matrix S(64, 3, 0.0f), out;
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { mfcc.compute(S, out); }, "n_mels"));
}

TEST(Mfcc, BadParametersAreRejectedNamingTheField) {
  struct Case {
    const char* field;
    int n_mels;
    MfccParams params;
  };
  const Case cases[] = {
      {"n_mfcc", 128, {0, 0.0}},
      {"n_mfcc", 128, {-3, 0.0}},
      {"n_mfcc", 20, {21, 0.0}},
      {"lifter", 128, {20, -1.0}},
      {"lifter", 128, {20, NAN}},
      {"n_mels", 0, {20, 0.0}},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(test::throws_parameter_error_naming([&] { Mfcc m(c.n_mels, c.params); }, c.field)) << c.field;
  }
}

}  // namespace
}  // namespace ser::dsp
