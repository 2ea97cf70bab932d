#include "dsp/cqt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "common/signals.h"

namespace ser::dsp {
namespace {

// chroma_cqt's CQT: 7 octaves of 36 bins from C1 at 16 kHz.
CqtParams chroma_params() {
  CqtParams p;
  p.sr = 16000;
  p.n_bins = 252;
  p.bins_per_octave = 36;
  return p;
}

// The bin with the most energy in frame t.
size_t loudest_bin(const Matrix& C, size_t t) {
  size_t best = 0;
  for (size_t k = 0; k < C.rows(); ++k) {
    if (C(k, t) > C(best, t)) best = k;
  }
  return best;
}

TEST(Cqt, MagnitudeMatchesLibrosaOnTheGoldenInputs) {
  SER_REQUIRE_GOLDEN();
  Cqt cqt(chroma_params());
  Matrix C;
  int checked = 0;
  for (const auto& g : test::golden_inputs()) {
    if (!g.has("cqt_mag")) continue;
    SCOPED_TRACE(g.name);
    // librosa's own harmonic as input, so that only the CQT is under test.
    cqt.magnitude(g.load("harmonic").values, g.tonnetz_cqt_tuning, C);
    const Matrix ref = g.load("cqt_mag").as_matrix();
    const double err = test::max_abs_diff(C, ref);
    const double peak = test::max_abs(ref);
    // Tolerance: 2e-6 of the file's peak (1.9e-7 seen). librosa computes the octave STFTs in float64 and rounds
    // them to complex64; ours are float32 FFTs, about 1e-7 of the peak apart, and the filter sums
    // add some 1e-7 more. Everything else (filters, resampler, sums, scaling) is librosa's.
    EXPECT_LE(err, 2e-6 * peak);
    std::cout << "[ cqt_mag ] " << g.name << ": max |error| " << err << " = " << err / peak << " of the peak "
              << peak << "\n";
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(Cqt, SinePeaksAtItsBin) {
  // 440 Hz is A4: 45 semitones above C1, bin 3 x 45 = 135 with 36 bins per octave.
  const auto y = test::sine(32000, 440.0, 16000, 0.5);
  const Matrix C = cqt_magnitude(y, 0.0, chroma_params());
  ASSERT_EQ(C.rows(), 252u);
  ASSERT_EQ(C.cols(), 1 + 32000u / 512);
  EXPECT_EQ(loudest_bin(C, C.cols() / 2), 135u);
}

TEST(Cqt, TuningShiftsTheBins) {
  // A sine a third of a bin sharp of A4 is centred on bin 135 once the tuning says so.
  const double f = 440.0 * std::pow(2.0, (1.0 / 3) / 36);
  const auto y = test::sine(32000, f, 16000, 0.5);
  Cqt cqt(chroma_params());
  Matrix flat, tuned;
  cqt.magnitude(y, 0.0, flat);
  cqt.magnitude(y, 1.0 / 3, tuned);
  const size_t t = flat.cols() / 2;
  EXPECT_GT(tuned(135, t), flat(135, t));
  EXPECT_LT(std::fabs(tuned(136, t) - tuned(134, t)), std::fabs(flat(136, t) - flat(134, t)));
}

TEST(Cqt, SilenceGivesZeros) {
  const Matrix C = cqt_magnitude(std::vector<float>(8000, 0.0f), 0.0, chroma_params());
  for (size_t i = 0; i < C.size(); ++i) EXPECT_EQ(C.data()[i], 0.0f);
  EXPECT_EQ(cqt_magnitude(std::vector<float>{}, 0.0, chroma_params()).cols(), 1u);
}

TEST(Cqt, CachedBanksGiveTheSameResult) {
  const auto y = test::sine(20000, 261.6, 16000, 0.3);
  Cqt cqt(chroma_params());
  Matrix a, b, c;
  cqt.magnitude(y, 0.1, a);
  cqt.magnitude(y, -0.2, b);
  cqt.magnitude(y, 0.1, c);
  EXPECT_EQ(a.storage(), c.storage());
  EXPECT_NE(a.storage(), b.storage());
}

TEST(Cqt, EarlyDownsamplingAtHighRates) {
  // At 44.1 kHz with 7 octaves from C1 librosa first halves the signal; the peak stays put.
  CqtParams p;
  p.sr = 44100;
  p.n_bins = 84;
  const auto y = test::sine(44100, 440.0, 44100, 0.5);
  const Matrix C = cqt_magnitude(y, 0.0, p);
  ASSERT_EQ(C.rows(), 84u);
  EXPECT_EQ(C.cols(), 1 + 44100u / 512);
  EXPECT_EQ(loudest_bin(C, C.cols() / 2), 45u);
}

TEST(Cqt, DefaultFminIsC1) {
  EXPECT_EQ(CqtParams{}.fmin, note_c1_hz());
  EXPECT_NEAR(note_c1_hz(), 32.703195662574829, 1e-12);
}

TEST(Cqt, BadParametersAreRejected) {
  auto with = [](auto change) {
    CqtParams p = chroma_params();
    change(p);
    return p;
  };
  const CqtParams bad[] = {
      with([](CqtParams& p) { p.sr = 0; }),           with([](CqtParams& p) { p.hop_length = 0; }),
      with([](CqtParams& p) { p.fmin = -1; }),        with([](CqtParams& p) { p.n_bins = 0; }),
      with([](CqtParams& p) { p.bins_per_octave = 0; }), with([](CqtParams& p) { p.filter_scale = 0; }),
      with([](CqtParams& p) { p.norm = 0; }),         with([](CqtParams& p) { p.sparsity = 1; }),
      with([](CqtParams& p) { p.sparsity = -0.1; }),
  };
  for (const auto& p : bad) {
    EXPECT_THROW(p.validate(), ParameterError);
    EXPECT_THROW(Cqt{p}, ParameterError);
  }
  // 8 octaves from C1 pass Nyquist at 16 kHz.
  Cqt too_high(with([](CqtParams& p) { p.n_bins = 288; }));
  Matrix C;
  EXPECT_THROW(too_high.magnitude(std::vector<float>(1000), 0.0, C), ParameterError);
  Cqt cqt(chroma_params());
  EXPECT_THROW(cqt.magnitude(std::vector<float>(1000), std::nan(""), C), ParameterError);
}

}  // namespace
}  // namespace ser::dsp
