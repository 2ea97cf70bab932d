#include "dsp/chroma_cqt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "common/signals.h"
#include "dsp/hpss.h"

namespace ser::dsp {
namespace {

ChromaCqtParams at_16k() {
  ChromaCqtParams p;
  p.sr = 16000;
  return p;
}

TEST(ChromaCqt, FoldingLibrosaCqtReproducesItsChroma) {
  SER_REQUIRE_GOLDEN();
  ChromaCqt chroma(at_16k());
  Matrix out;
  int checked = 0;
  for (const auto& g : test::golden_inputs()) {
    if (!g.has("cqt_mag")) continue;
    SCOPED_TRACE(g.name);
    chroma.from_cqt(g.load("cqt_mag").as_matrix(), out);
    // librosa's fold is a float32 matrix product; ours sums in float64: every frame agrees to
    // float32 rounding, silent ones included.
    EXPECT_LE(test::max_abs_diff(out, g.load("chroma_cqt").as_matrix()), 1e-6);
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(ChromaCqt, MatchesLibrosaOnLoudFramesWithTheGoldenTuning) {
  SER_REQUIRE_GOLDEN();
  Harmonic harmonic;
  ChromaCqt chroma(at_16k());
  std::vector<float> h;
  Matrix out;
  double worst = 0, worst_all = 0;
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const auto y = g.y();
    harmonic.compute(y, h);
    chroma.compute(h, g.tonnetz_cqt_tuning, out);
    const Matrix ref = g.load("chroma_cqt").as_matrix();
    const double err = test::max_abs_diff_in_columns(out, ref, test::loud_frames(y));
    EXPECT_LE(err, 1e-3);  // README: abs 1e-3 on C frames, same tuning
    worst = std::max(worst, err);
    worst_all = std::max(worst_all, test::max_abs_diff(out, ref));
  }
  std::cout << "[ chroma_cqt ] worst |error| on loud frames " << worst << ", on all frames " << worst_all << "\n";
}

TEST(ChromaCqt, SineLandsOnItsPitchClass) {
  // 440 Hz is A: class 9 from C.
  const Matrix c = chroma_cqt(test::sine(32000, 440.0, 16000, 0.5), 0.0, at_16k());
  ASSERT_EQ(c.rows(), 12u);
  ASSERT_EQ(c.cols(), 1 + 32000u / 512);
  const size_t t = c.cols() / 2;
  for (size_t k = 0; k < 12; ++k) {
    if (k == 9) {
      EXPECT_EQ(c(k, t), 1.0f);  // max-normalised
    } else {
      EXPECT_LT(c(k, t), 0.5f);
    }
  }
}

TEST(ChromaCqt, FoldingMatrixMapsEachBinToOneClass) {
  const Matrix W = cq_to_chroma(252, 36);
  ASSERT_EQ(W.rows(), 12u);
  ASSERT_EQ(W.cols(), 252u);
  for (size_t k = 0; k < W.cols(); ++k) {
    float sum = 0;
    for (size_t c = 0; c < 12; ++c) sum += W(c, k);
    EXPECT_EQ(sum, 1.0f);
  }
  // C takes the bin of each C and its two neighbours: 35, 0, 1, then 35 + 36 ...
  EXPECT_EQ(W(0, 0), 1.0f);
  EXPECT_EQ(W(0, 1), 1.0f);
  EXPECT_EQ(W(0, 35), 1.0f);
  EXPECT_EQ(W(0, 36), 1.0f);
  EXPECT_EQ(W(1, 2), 1.0f);  // C# starts at bin 2
  EXPECT_EQ(W(9, 27), 1.0f);  // A: 9 semitones = bin 27
  // From A instead of C, and from a fmin of A1.
  EXPECT_EQ(cq_to_chroma(36, 36, 12, note_c1_hz(), false)(3, 0), 1.0f);
  EXPECT_EQ(cq_to_chroma(36, 36, 12, 55.0)(9, 0), 1.0f);
  EXPECT_EQ(cq_to_chroma(12)(4, 4), 1.0f);
}

TEST(ChromaCqt, ThresholdAndNormFollowLibrosa) {
  Matrix C(36, 2, 0.0f);
  C(0, 0) = 2.0f;   // C
  C(27, 0) = 1.0f;  // A
  C(3, 1) = 0.5f;   // C#
  ChromaCqtParams p = at_16k();
  p.n_octaves = 1;
  p.norm = 0;  // none
  Matrix raw = chroma_cqt_from_cqt(C, p);
  EXPECT_EQ(raw(0, 0), 2.0f);
  EXPECT_EQ(raw(9, 0), 1.0f);
  EXPECT_EQ(raw(1, 1), 0.5f);
  p.threshold = 1.5;
  raw = chroma_cqt_from_cqt(C, p);
  EXPECT_EQ(raw(9, 0), 0.0f);
  EXPECT_EQ(raw(0, 0), 2.0f);
  p.threshold = 0;
  p.norm = 1;
  const Matrix l1 = chroma_cqt_from_cqt(C, p);
  EXPECT_FLOAT_EQ(l1(0, 0), 2.0f / 3);
  EXPECT_FLOAT_EQ(l1(9, 0), 1.0f / 3);
  p.norm = std::numeric_limits<double>::infinity();
  const Matrix inf = chroma_cqt_from_cqt(C, p);
  EXPECT_EQ(inf(0, 0), 1.0f);
  EXPECT_EQ(inf(9, 0), 0.5f);
  EXPECT_EQ(inf(1, 1), 1.0f);
}

TEST(ChromaCqt, SilentFramesStayZero) {
  const Matrix c = chroma_cqt(std::vector<float>(6000, 0.0f), 0.0, at_16k());
  for (size_t i = 0; i < c.size(); ++i) EXPECT_EQ(c.data()[i], 0.0f);
}

TEST(ChromaCqt, BadParametersAreRejected) {
  auto with = [](auto change) {
    ChromaCqtParams p = at_16k();
    change(p);
    return p;
  };
  const ChromaCqtParams bad[] = {
      with([](ChromaCqtParams& p) { p.sr = 0; }),
      with([](ChromaCqtParams& p) { p.hop_length = -1; }),
      with([](ChromaCqtParams& p) { p.n_chroma = 0; }),
      with([](ChromaCqtParams& p) { p.n_octaves = 0; }),
      with([](ChromaCqtParams& p) { p.bins_per_octave = 30; }),  // not a multiple of n_chroma = 12
      with([](ChromaCqtParams& p) { p.norm = -1; }),
      with([](ChromaCqtParams& p) { p.threshold = std::nan(""); }),
      with([](ChromaCqtParams& p) { p.fmin = 0; }),
  };
  for (const auto& p : bad) {
    EXPECT_THROW(p.validate(), ParameterError);
    EXPECT_THROW(ChromaCqt{p}, ParameterError);
  }
  EXPECT_THROW(cq_to_chroma(252, 36, 7), ParameterError);
  EXPECT_THROW(cq_to_chroma(0, 36, 12), ParameterError);
  // 8 octaves pass Nyquist at 16 kHz: an error at the first call, which builds the filters.
  ChromaCqt eight(with([](ChromaCqtParams& p) { p.n_octaves = 8; }));
  Matrix out;
  EXPECT_THROW(eight.compute(std::vector<float>(2000), 0.0, out), ParameterError);
}

}  // namespace
}  // namespace ser::dsp
