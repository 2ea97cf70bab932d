#include "dsp/mel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/frequencies.h"
#include "dsp/stft.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

MelParams params16k() { return test::at_16k<MelParams>(); }

TEST(Mel, MatchesLibrosaOnEveryGoldenInput) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  const MelFilterBank bank(params16k());
  Matrix power, mel;
  test::WorstDiff worst("mel (|diff| / file max)", 2e-6);  // README: abs <= 2e-6 x file max
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    stft.magnitude(g.y(), power, 2.0f);
    bank.apply(power, mel);
    const Matrix ref = g.load("mel").as_matrix();
    worst.check(mel, ref, test::max_abs(ref));
  }
}

TEST(Mel, SlaneyScaleKnownValues) {
  EXPECT_DOUBLE_EQ(hz_to_mel(0.0), 0.0);
  EXPECT_NEAR(hz_to_mel(200.0), 3.0, 1e-12);    // linear part: 200/3 Hz per mel
  EXPECT_NEAR(hz_to_mel(1000.0), 15.0, 1e-12);  // the break
  EXPECT_NEAR(hz_to_mel(6400.0), 42.0, 1e-12);  // 15 + 27 mels per factor 6.4
  EXPECT_NEAR(mel_to_hz(42.0), 6400.0, 1e-9);
}

TEST(Mel, HtkScaleKnownValues) {
  EXPECT_NEAR(hz_to_mel(700.0, true), 2595.0 * std::log10(2.0), 1e-9);
  EXPECT_NEAR(hz_to_mel(1000.0, true), 999.985, 1e-3);
  EXPECT_NEAR(mel_to_hz(2595.0, true), 6300.0, 1e-9);  // 700 * (10 - 1)
}

TEST(Mel, ConversionsRoundTrip) {
  for (bool htk : {false, true}) {
    for (double f : {0.0, 50.0, 999.0, 1000.0, 1001.0, 4000.0, 11025.0}) {
      EXPECT_NEAR(mel_to_hz(hz_to_mel(f, htk), htk), f, 1e-9 * (1 + f)) << "htk=" << htk << " f=" << f;
    }
  }
}

TEST(Mel, FrequenciesSpanFminToFmaxEvenlyInMels) {
  const std::vector<double> f = mel_frequencies(10, 100.0, 5000.0);
  ASSERT_EQ(f.size(), 10u);
  EXPECT_DOUBLE_EQ(f.front(), mel_to_hz(hz_to_mel(100.0)));
  EXPECT_NEAR(f.back(), 5000.0, 1e-9);
  const double step = hz_to_mel(f[1]) - hz_to_mel(f[0]);
  for (size_t i = 1; i < f.size(); ++i) EXPECT_NEAR(hz_to_mel(f[i]) - hz_to_mel(f[i - 1]), step, 1e-9);
}

TEST(MelFilterBank, SlaneyNormGivesUnitAreaTriangles) {
  // Each Slaney-normalised triangle has area 1 (in Hz); sampled on a fine grid (sr/n_fft = 1 Hz)
  // the Riemann sum of its weights times the bin spacing is 1 to within the sampling error.
  MelParams p;
  p.sr = 16000;
  p.n_fft = 16000;
  p.n_mels = 40;
  const MelFilterBank bank(p);
  const double df = p.sr / p.n_fft;
  for (int m = 0; m < bank.n_mels(); ++m) {
    double area = 0;
    for (int j = 0; j < bank.band_size(m); ++j) area += bank.band_weights(m)[j] * df;
    EXPECT_NEAR(area, 1.0, 0.02) << "band " << m;
  }
}

TEST(MelFilterBank, WithoutNormTheTrianglesPeakBelowOne) {
  MelParams p = params16k();
  p.norm = MelNorm::None;
  const Matrix M = MelFilterBank(p).to_dense();
  for (size_t m = 0; m < M.rows(); ++m) {
    float peak = 0;
    for (size_t k = 0; k < M.cols(); ++k) peak = std::max(peak, M(m, k));
    EXPECT_GT(peak, 0.5f);
    EXPECT_LE(peak, 1.0f);
  }
}

TEST(MelFilterBank, SparseFormEqualsDenseProduct) {
  const MelFilterBank bank(params16k());
  const Matrix M = bank.to_dense();
  ASSERT_EQ(M.rows(), 128u);
  ASSERT_EQ(M.cols(), 1025u);
  Matrix S(1025, 7);
  for (size_t i = 0; i < S.size(); ++i) S.data()[i] = static_cast<float>((i * 7919) % 1000) / 1000.0f;
  Matrix out;
  bank.apply(S, out);
  ASSERT_EQ(out.rows(), 128u);
  ASSERT_EQ(out.cols(), 7u);
  for (size_t m = 0; m < 128; ++m) {
    for (size_t t = 0; t < 7; ++t) {
      double ref = 0;
      for (size_t k = 0; k < 1025; ++k) ref += double(M(m, k)) * S(k, t);
      EXPECT_NEAR(out(m, t), ref, 1e-5 * (1 + std::fabs(ref)));
    }
  }
}

TEST(MelFilterBank, EachBinFeedsAtMostTwoBands) {
  const MelFilterBank bank(params16k());
  std::vector<int> uses(static_cast<size_t>(bank.n_bins()), 0);
  for (int m = 0; m < bank.n_mels(); ++m) {
    EXPECT_GT(bank.band_size(m), 0) << "band " << m;
    for (int j = 0; j < bank.band_size(m); ++j) ++uses[static_cast<size_t>(bank.first_bin(m) + j)];
  }
  for (int u : uses) EXPECT_LE(u, 2);
}

TEST(Melspectrogram, SinePeaksInTheBandHoldingItsFrequency) {
  std::vector<float> y(16000);
  for (size_t i = 0; i < y.size(); ++i) y[i] = 0.5f * std::sin(2 * M_PI * 440.0 * i / 16000.0);
  Stft stft;
  Matrix power;
  stft.magnitude(y, power, 2.0f);
  const Matrix mel = melspectrogram(power, params16k());
  const std::vector<double> edges = mel_frequencies(130, 0.0, 8000.0);
  const size_t t = mel.cols() / 2;
  size_t best = 0;
  for (size_t m = 1; m < mel.rows(); ++m) if (mel(m, t) > mel(best, t)) best = m;
  EXPECT_LT(edges[best], 440.0);
  EXPECT_GT(edges[best + 2], 440.0);
}

TEST(Melspectrogram, InputShorterThanOneFrameGivesOneFrame) {
  std::vector<float> y(100, 0.25f);
  Stft stft;
  Matrix power;
  stft.magnitude(y, power, 2.0f);
  const Matrix mel = melspectrogram(power, params16k());
  ASSERT_EQ(mel.rows(), 128u);
  ASSERT_EQ(mel.cols(), 1u);
  for (size_t m = 0; m < 128; ++m) EXPECT_TRUE(std::isfinite(mel(m, 0)));
  EXPECT_GT(mel(0, 0), 0.0f);  // a DC offset lands in the lowest band
}

TEST(Melspectrogram, SilenceIsZero) {
  const Matrix power(1025, 4, 0.0f);
  const Matrix mel = melspectrogram(power, params16k());
  for (size_t i = 0; i < mel.size(); ++i) EXPECT_EQ(mel.data()[i], 0.0f);
}

TEST(Melspectrogram, RejectsASpectrogramOfAnotherFftSize) {
  const Matrix power(513, 4, 1.0f);
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { melspectrogram(power, params16k()); }, "n_fft"));
}

TEST(MelFilterBank, BadParametersAreRejectedNamingTheField) {
  test::expect_each_rejected<MelParams>(params16k(),
      {
          {"sr", [](MelParams& p) { p.sr = 0; }},
          {"sr", [](MelParams& p) { p.sr = -16000; }},
          {"n_fft", [](MelParams& p) { p.n_fft = 0; }},
          {"n_mels", [](MelParams& p) { p.n_mels = 0; }},
          {"fmin", [](MelParams& p) { p.fmin = -1; }},
          {"fmax", [](MelParams& p) { p.fmax = 0.0; }},
          {"fmax", [](MelParams& p) { p.fmin = 3000; p.fmax = 2000.0; }},
          {"fmax", [](MelParams& p) { p.fmax = INFINITY; }},
      },
      [](const MelParams& p) { MelFilterBank bank(p); });
}

}  // namespace
}  // namespace ser::dsp
