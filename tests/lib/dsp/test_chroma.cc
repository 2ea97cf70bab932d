#include "dsp/chroma.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/stft.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

ChromaStftParams params16k() { return test::at_16k<ChromaStftParams>(); }

Matrix tone_magnitude(double hz, size_t n = 16000) {
  std::vector<float> y(n);
  for (size_t i = 0; i < n; ++i) y[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * hz * i / 16000.0));
  Stft stft;
  Matrix S;
  stft.magnitude(y, S, 1.0f);
  return S;
}

size_t argmax_row(const Matrix& m, size_t col) {
  size_t best = 0;
  for (size_t r = 1; r < m.rows(); ++r) if (m(r, col) > m(best, col)) best = r;
  return best;
}

// test_tuning.cc checks the tuning first (estimate_tuning on |D| gives chroma_stft_tuning on every
// input); here the chroma itself, with librosa's tuning injected (README: abs 1e-5).
TEST(ChromaStft, MatchesLibrosaWithTheGoldenTuning) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  Matrix S, out;
  test::WorstDiff worst("chroma_stft with the golden tuning", 1e-5);  // README: abs 1e-5
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    ChromaStftParams p = params16k();
    p.tuning = g.chroma_stft_tuning;
    ChromaStft chroma(p);
    stft.magnitude(g.y(), S, 1.0f);
    EXPECT_EQ(chroma.compute(S, out), g.chroma_stft_tuning);
    worst.check(out, g.load("chroma_stft").as_matrix());
  }
}

// librosa's call as it is, tuning estimated inside, as the feature extractor makes it.
TEST(ChromaStft, EstimatingTheTuningItselfMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  ChromaStft chroma(params16k());
  Matrix S, out;
  test::WorstDiff worst("chroma_stft estimating its tuning", 1e-5);
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    stft.magnitude(g.y(), S, 1.0f);
    const double tuning = chroma.compute(S, out);
    EXPECT_NEAR(tuning, g.chroma_stft_tuning, 1e-9);
    worst.check(out, g.load("chroma_stft").as_matrix());
  }
}

TEST(ChromaStft, ASinePeaksAtItsPitchClass) {
  struct Case {
    double hz;
    size_t pitch_class;  // C = 0
  };
  for (const Case c : {Case{440.0, 9}, Case{261.63, 0}, Case{392.0, 7}, Case{1108.73, 1}}) {
    const Matrix S = tone_magnitude(c.hz);
    ChromaStftParams p = params16k();
    p.tuning = 0.0;
    const Matrix chroma = chroma_stft(S, p);
    ASSERT_EQ(chroma.rows(), 12u);
    for (size_t t = 2; t + 2 < chroma.cols(); ++t) {
      EXPECT_EQ(argmax_row(chroma, t), c.pitch_class) << c.hz << " Hz, frame " << t;
      EXPECT_EQ(chroma(c.pitch_class, t), 1.0f);  // norm inf
    }
  }
}

TEST(ChromaStft, BaseAPutsAInRowZero) {
  ChromaStftParams p = params16k();
  p.tuning = 0.0;
  p.base_c = false;
  const Matrix chroma = chroma_stft(tone_magnitude(440.0), p);
  EXPECT_EQ(argmax_row(chroma, chroma.cols() / 2), 0u);
}

TEST(ChromaStft, SilentFramesStayZero) {
  Matrix S = tone_magnitude(440.0);
  for (size_t k = 0; k < S.rows(); ++k) S(k, 0) = 0.0f;  // frame 0 silent
  const Matrix chroma = chroma_stft(S, params16k());
  for (size_t c = 0; c < 12; ++c) EXPECT_EQ(chroma(c, 0), 0.0f);
  const Matrix all_silent = chroma_stft(Matrix(1025, 3, 0.0f), params16k());
  for (size_t i = 0; i < all_silent.size(); ++i) EXPECT_EQ(all_silent.data()[i], 0.0f);
}

TEST(ChromaStft, InputShorterThanOneFrame) {
  const Matrix S = tone_magnitude(440.0, 300);
  ASSERT_EQ(S.cols(), 1u);
  const Matrix chroma = chroma_stft(S, params16k());
  ASSERT_EQ(chroma.cols(), 1u);
  for (size_t c = 0; c < 12; ++c) EXPECT_TRUE(std::isfinite(chroma(c, 0)));
  EXPECT_EQ(argmax_row(chroma, 0), 9u);
}

TEST(ChromaStft, NormsFollowLibrosaNormalize) {
  const Matrix S = tone_magnitude(700.0, 8000);
  ChromaStftParams p = params16k();
  p.tuning = 0.1;
  p.norm = 1.0;
  const Matrix l1 = chroma_stft(S, p);
  p.norm = 2.0;
  const Matrix l2 = chroma_stft(S, p);
  p.norm = std::nullopt;
  const Matrix raw = chroma_stft(S, p);
  ChromaFilterParams fp;
  fp.sr = 16000;
  fp.tuning = 0.1;
  const Matrix W = chroma_filter_bank(fp);
  for (size_t t = 0; t < S.cols(); ++t) {
    double sum = 0, sq = 0, l1norm = 0;
    for (size_t c = 0; c < 12; ++c) {
      double ref = 0;
      for (size_t k = 0; k < S.rows(); ++k) ref += double(W(c, k)) * S(k, t);
      EXPECT_NEAR(raw(c, t), ref, 1e-5 * ref + 1e-9);
      sum += l1(c, t);
      sq += double(l2(c, t)) * l2(c, t);
      l1norm += std::fabs(raw(c, t));
    }
    if (l1norm > 0) {
      EXPECT_NEAR(sum, 1.0, 1e-6);
      EXPECT_NEAR(sq, 1.0, 1e-6);
    }
  }
}

TEST(ChromaFilterBank, ShapeAndColumnNorms) {
  ChromaFilterParams p;
  p.sr = 16000;
  p.octwidth = std::nullopt;  // without the octave weighting every column has unit L2 norm
  const Matrix W = chroma_filter_bank(p);
  ASSERT_EQ(W.rows(), 12u);
  ASSERT_EQ(W.cols(), 1025u);
  for (size_t k = 0; k < W.cols(); ++k) {
    double sq = 0;
    for (size_t c = 0; c < 12; ++c) {
      EXPECT_GE(W(c, k), 0.0f);
      sq += double(W(c, k)) * W(c, k);
    }
    EXPECT_NEAR(sq, 1.0, 1e-6) << "bin " << k;
  }
}

TEST(ChromaFilterBank, OctaveWeightingPeaksAtCtroct) {
  ChromaFilterParams p;
  p.sr = 16000;
  const Matrix W = chroma_filter_bank(p);
  // ctroct 5 is 880 Hz (27.5 Hz x 2^5): the A row weighs bin 113 (882.8 Hz) above its octaves.
  EXPECT_GT(W(9, 113), W(9, 56));   // 437.5 Hz
  EXPECT_GT(W(9, 113), W(9, 225));  // 1757.8 Hz
}

TEST(ChromaStft, CachedBanksDoNotDependOnHistory) {
  ChromaStft chroma(params16k());
  const ChromaFilterBank& a = chroma.filter_bank(-0.13);
  const ChromaFilterBank& b = chroma.filter_bank(-0.13000000000000000444);
  EXPECT_EQ(&a, &b);  // one bank per hundredth
  EXPECT_EQ(a.params().tuning, -0.13);
  const Matrix off_grid = chroma.filter_bank(0.123).to_dense();
  ChromaFilterParams fp;
  fp.sr = 16000;
  fp.tuning = 0.123;
  const Matrix direct = chroma_filter_bank(fp);
  EXPECT_EQ(test::max_abs_diff(off_grid, direct), 0.0);

  const Matrix S1 = tone_magnitude(440.0 * std::pow(2.0, 0.2 / 12), 12000);
  const Matrix S2 = tone_magnitude(300.0, 12000);
  Matrix first, again, other;
  chroma.compute(S1, first);
  chroma.compute(S2, other);
  chroma.compute(S1, again);
  EXPECT_EQ(test::max_abs_diff(first, again), 0.0);
  EXPECT_EQ(test::max_abs_diff(first, chroma_stft(S1, params16k())), 0.0);
}

TEST(ChromaStft, RejectsNonFiniteInput) {
  Matrix S = tone_magnitude(440.0, 4000);
  S(100, 1) = NAN;
  ChromaStftParams p = params16k();
  p.tuning = 0.0;
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { chroma_stft(S, p); }, "non-finite"));
}

TEST(ChromaStft, BadParametersAreRejectedNamingTheField) {
  test::expect_each_rejected<ChromaStftParams>(params16k(),
      {
          {"sr", [](ChromaStftParams& p) { p.sr = 0; }},
          {"n_fft", [](ChromaStftParams& p) { p.n_fft = 1; }},
          {"n_chroma", [](ChromaStftParams& p) { p.n_chroma = 0; }},
          {"tuning", [](ChromaStftParams& p) { p.tuning = NAN; }},
          {"norm", [](ChromaStftParams& p) { p.norm = -2.0; }},
          {"octwidth", [](ChromaStftParams& p) { p.octwidth = 0.0; }},
          {"ctroct", [](ChromaStftParams& p) { p.ctroct = INFINITY; }},
      },
      [](const ChromaStftParams& p) { ChromaStft s(p); });
  ChromaStft chroma(params16k());
  Matrix out;
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { chroma.compute(Matrix(513, 2, 1.0f), out); }, "n_fft"));
  test::expect_each_rejected<ChromaFilterParams>({},
      {
          {"norm", [](ChromaFilterParams& p) { p.norm = -0.5; }},
          {"tuning", [](ChromaFilterParams& p) { p.tuning = NAN; }},
          {"sr", [](ChromaFilterParams& p) { p.sr = -1; }},
      },
      [](const ChromaFilterParams& p) { ChromaFilterBank b(p); });
}

}  // namespace
}  // namespace ser::dsp
