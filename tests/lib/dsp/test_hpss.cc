#include "dsp/hpss.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "common/signals.h"
#include "dsp/modulus.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

double rms(const std::vector<float>& y, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i) s += double(y[i]) * y[i];
  return std::sqrt(s / double(to - from));
}

TEST(Harmonic, MatchesLibrosaOnEveryGoldenInput) {
  SER_REQUIRE_GOLDEN();
  Harmonic harmonic;
  std::vector<float> out;
  double worst = 0;
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    harmonic.compute(g.y(), out);
    const auto ref = g.load("harmonic").values;
    ASSERT_EQ(out.size(), ref.size());
    double err = 0;
    for (size_t i = 0; i < ref.size(); ++i) err = std::max(err, std::fabs(double(out[i]) - ref[i]));
    EXPECT_LE(err, 2e-6);  // README: abs 2e-6
    worst = std::max(worst, err);
  }
  RecordProperty("worst_abs_error", std::to_string(worst));
  std::cout << "[ harmonic ] worst |error| over the golden inputs: " << worst << "\n";
}

TEST(Harmonic, SteadySineIsMostlyHarmonic) {
  const auto y = test::sine(32000, 440.0, 16000, 0.5);
  const auto h = harmonic(y);
  ASSERT_EQ(h.size(), y.size());
  std::vector<float> diff(y.size());
  for (size_t i = 0; i < y.size(); ++i) diff[i] = h[i] - y[i];
  // Away from the edges, where the reflected medians see half a window of silence.
  const size_t from = 4096, to = y.size() - 4096;
  EXPECT_LT(rms(diff, from, to), 0.01 * rms(y, from, to));
}

TEST(Harmonic, ClicksAreMostlyRemoved) {
  std::vector<float> y(32000, 0.0f);
  for (size_t i = 1000; i < y.size(); i += 4000) y[i] = 1.0f;
  const auto h = harmonic(y);
  EXPECT_LT(rms(h, 0, h.size()), 0.2 * rms(y, 0, y.size()));
}

TEST(Harmonic, SilenceStaysSilent) {
  const std::vector<float> y(5000, 0.0f);
  for (float v : harmonic(y)) EXPECT_EQ(v, 0.0f);
  EXPECT_TRUE(harmonic(std::vector<float>{}).empty());
}

TEST(Harmonic, PrecomputedStftGivesTheSameResult) {
  const auto y = test::sine(20000, 1000.0, 16000, 0.3);
  Harmonic a, b;
  std::vector<float> from_y, from_stft;
  a.compute(y, from_y);
  StftF64 stft;
  ComplexMatrix D;
  stft.compute(y, D);
  b.compute_from_stft(D, y.size(), from_stft);
  EXPECT_EQ(from_y, from_stft);
  // The float32 STFT is fine on a loud harmonic part.
  Stft stft32;
  stft32.compute(y, D);
  b.compute_from_stft(D, y.size(), from_stft);
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(from_stft[i], from_y[i], 2e-6);
}

Matrix ramp_spectrogram() {
  Matrix S(64, 40);
  for (size_t r = 0; r < S.rows(); ++r) {
    for (size_t c = 0; c < S.cols(); ++c) S(r, c) = static_cast<float>((r * 7 + c * 13) % 17) + (r == 20 ? 30.0f : 0.0f);
  }
  return S;
}

TEST(Hpss, SoftMasksSumToOne) {
  Hpss hpss;
  Matrix mh, mp;
  hpss.masks(ramp_spectrogram(), mh, mp);
  for (size_t i = 0; i < mh.size(); ++i) {
    EXPECT_GE(mh.data()[i], 0.0f);
    EXPECT_NEAR(mh.data()[i] + mp.data()[i], 1.0f, 1e-6f);
  }
}

TEST(Hpss, ZeroSpectrogramSplitsTheMasks) {
  Hpss hpss;
  Matrix mh, mp;
  hpss.masks(Matrix(10, 10, 0.0f), mh, mp);
  for (size_t i = 0; i < mh.size(); ++i) {
    EXPECT_EQ(mh.data()[i], 0.5f);
    EXPECT_EQ(mp.data()[i], 0.5f);
  }
  HpssParams p;
  p.margin_harmonic = 2.0f;  // margins above 1 leave a residual: 0 where both are silent
  Hpss with_margin(p);
  with_margin.masks(Matrix(10, 10, 0.0f), mh, mp);
  for (size_t i = 0; i < mh.size(); ++i) EXPECT_EQ(mh.data()[i], 0.0f);
}

TEST(Hpss, HardMasksAreBinaryAndHarmonicWinsOnASteadyRow) {
  HpssParams p;
  p.power = std::numeric_limits<float>::infinity();
  Hpss hpss(p);
  Matrix mh, mp;
  const Matrix S = ramp_spectrogram();
  hpss.masks(S, mh, mp);
  for (size_t i = 0; i < mh.size(); ++i) {
    EXPECT_TRUE(mh.data()[i] == 0.0f || mh.data()[i] == 1.0f);
    EXPECT_TRUE(mp.data()[i] == 0.0f || mp.data()[i] == 1.0f);
  }
  // Row 20 is loud at every frame: a horizontal line, so harmonic.
  for (size_t c = 0; c < S.cols(); ++c) EXPECT_EQ(mh(20, c), 1.0f);
}

TEST(Hpss, ComplexSeparationAddsUpToTheInput) {
  const auto y = test::sine(12000, 700.0, 16000, 0.4);
  Stft stft;
  ComplexMatrix D, H, P, H2;
  stft.compute(y, D);
  Hpss hpss;
  hpss.separate(D, H, P);
  hpss.harmonic(D, H2);
  double peak = 0;
  for (size_t i = 0; i < D.size(); ++i) peak = std::max(peak, double(std::abs(D.data()[i])));
  for (size_t i = 0; i < D.size(); ++i) {
    EXPECT_LE(std::abs(H.data()[i] + P.data()[i] - D.data()[i]), 1e-6 * peak);
    EXPECT_EQ(H.data()[i], H2.data()[i]);
  }
}

// harmonic() takes a vectorised path at power 2; it must give separate()'s bits, also where the
// spectrogram is silent (both medians 0: the split value) and with margins, and so must the
// overload given |D|.
TEST(Hpss, HarmonicEqualsSeparateWhereSilentToo) {
  auto y = test::sine(30000, 700.0, 16000, 0.4);
  std::fill(y.begin() + 9000, y.begin() + 21000, 0.0f);  // whole frames of zeros
  Stft stft;
  ComplexMatrix D, H, P, H2, H3;
  stft.compute(y, D);
  Matrix S(D.rows(), D.cols());
  modulus(D.data(), D.size(), S.data());
  for (float margin : {1.0f, 2.0f}) {
    HpssParams params;
    params.margin_harmonic = margin;
    Hpss hpss(params);
    hpss.separate(D, H, P);
    hpss.harmonic(D, H2);
    hpss.harmonic(D, S, H3);
    size_t zeros = 0;
    for (size_t i = 0; i < D.size(); ++i) {
      zeros += D.data()[i] == std::complex<float>(0.0f, 0.0f);
      ASSERT_EQ(H.data()[i], H2.data()[i]) << "margin " << margin << " at " << i;
      ASSERT_EQ(H.data()[i], H3.data()[i]) << "margin " << margin << " at " << i;
    }
    EXPECT_GT(zeros, D.rows());  // the silent frames were there
  }
}

TEST(Hpss, RealSeparationIsTheMaskedMagnitude) {
  Hpss hpss;
  const Matrix S = ramp_spectrogram();
  Matrix H, P, mh, mp;
  hpss.separate(S, H, P);
  hpss.masks(S, mh, mp);
  for (size_t i = 0; i < S.size(); ++i) {
    EXPECT_EQ(H.data()[i], S.data()[i] * mh.data()[i]);
    EXPECT_EQ(P.data()[i], S.data()[i] * mp.data()[i]);
  }
}

// On transposed spectrograms HPSS gives the transpose, and Harmonic the same samples.
TEST(Hpss, ByFrameGivesTheTranspose) {
  auto y = test::sine(20000, 440.0, 16000, 0.4);
  for (size_t i = 0; i < y.size(); i += 1500) y[i] += 0.8f;  // clicks, for a percussive part
  StftF64 stft;
  ComplexMatrix D, H, Dt, Ht;
  Matrix S, St;
  StftF64::Outputs out;
  out.D = &D;
  out.magnitude = &S;
  out.D_by_frame = &Dt;
  out.magnitude_by_frame = &St;
  stft.compute(y, out);
  for (float power : {2.0f, 1.0f}) {
    HpssParams p;
    p.power = power;
    Hpss hpss(p);
    hpss.harmonic(D, S, H);
    hpss.harmonic_by_frame(Dt, St, Ht);
    ASSERT_EQ(Ht.rows(), H.cols());
    for (size_t f = 0; f < H.rows(); ++f) {
      for (size_t t = 0; t < H.cols(); ++t) ASSERT_EQ(Ht(t, f), H(f, t)) << "power " << power;
    }
  }
  Harmonic harmonic;
  std::vector<float> a, b;
  harmonic.compute_from_stft(D, S, y.size(), a);
  harmonic.compute_from_stft_by_frame(Dt, St, y.size(), b);
  EXPECT_EQ(a, b);
}

TEST(Hpss, AGivenMagnitudeOfAnotherShapeIsRejected) {
  Hpss hpss;
  ComplexMatrix D(20, 5), H;
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { hpss.harmonic(D, Matrix(20, 4), H); }, "|D|"));
}

TEST(Hpss, NegativeMagnitudeIsRejected) {
  Matrix S(4, 4, 1.0f);
  S(2, 3) = -1.0f;
  Hpss hpss;
  Matrix a, b;
  EXPECT_THROW(hpss.masks(S, a, b), ParameterError);
}

TEST(Hpss, BadParametersAreRejected) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const HpssParams bad[] = {
      {0, 31, 2.0f, 1.0f, 1.0f},   {31, 0, 2.0f, 1.0f, 1.0f},  {31, 31, 0.0f, 1.0f, 1.0f},
      {31, 31, -1.0f, 1.0f, 1.0f}, {31, 31, nan, 1.0f, 1.0f},  {31, 31, 2.0f, 0.5f, 1.0f},
      {31, 31, 2.0f, 1.0f, 0.99f}, {31, 31, 2.0f, nan, 1.0f},
  };
  for (const auto& p : bad) {
    EXPECT_THROW(p.validate(), ParameterError);
    EXPECT_THROW(Hpss{p}, ParameterError);
  }
  HarmonicParams hp;
  hp.stft.hop_length = 0;
  EXPECT_THROW(Harmonic{hp}, ParameterError);
}

}  // namespace
}  // namespace ser::dsp
