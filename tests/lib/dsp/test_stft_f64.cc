#include "dsp/stft_f64.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "common/signals.h"
#include "dsp/modulus.h"
#include "dsp_test_support.h"

namespace ser::dsp {
namespace {

TEST(StftF64, MatchesLibrosaBinByBinOnEveryGoldenInput) {
  SER_REQUIRE_GOLDEN();
  StftF64 stft;
  ComplexMatrix D;
  double worst = 0;
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    stft.compute(g.y(), D);
    const Matrix ref = g.load("stft_mag").as_matrix();
    ASSERT_EQ(D.rows(), ref.rows());
    ASSERT_EQ(D.cols(), ref.cols());
    // Every bin, quiet or loud, within a few float32 roundings of its own value (the float32
    // Stft is only within 2e-6 of the file's peak).
    for (size_t i = 0; i < ref.size(); ++i) {
      const double err = std::fabs(std::abs(D.data()[i]) - double(ref.data()[i]));
      const double rel = err / (double(ref.data()[i]) + 1e-30);
      worst = std::max(worst, err > 1e-12 ? rel : 0.0);
      ASSERT_LE(err, 1e-6 * ref.data()[i] + 1e-12) << "bin " << i / ref.cols() << " frame " << i % ref.cols();
    }
  }
  std::cout << "[ stft_f64 ] worst relative error per bin " << worst << "\n";
}

// power(), magnitude() and compute() with |D| and |D|^2 give the modulus functions of
// compute()'s D, bit for bit, for lengths that leave a partial last block of frames and for
// frames that reach past both ends of the signal.
TEST(StftF64, MagnitudeAndPowerAreThoseOfD) {
  for (size_t n : {size_t{1}, size_t{700}, size_t{16 * 512}, size_t{59000}}) {
    std::vector<float> y = test::sine(n, 440.0, 16000, 0.5);
    for (size_t i = 0; i < n; i += 7) y[i] += 0.01f * static_cast<float>(i % 13);
    for (int hop : {512, 160}) {
      SCOPED_TRACE("n " + std::to_string(n) + " hop " + std::to_string(hop));
      StftF64 stft(StftParams{2048, hop, 0, true});
      ComplexMatrix D, D2;
      Matrix P, M, M2, P2, M3, P3;
      stft.compute(y, D);
      stft.power(y, P);
      stft.magnitude(y, M);
      stft.magnitude(y, M2, P2);
      stft.compute(y, D2, M3, P3);
      Matrix expected_m(D.rows(), D.cols()), expected_mp(D.rows(), D.cols()), expected_p(D.rows(), D.cols());
      modulus_and_square(D.data(), D.size(), expected_m.data(), expected_mp.data());
      squared_modulus(D.data(), D.size(), expected_p.data());
      for (const Matrix* m : {&P, &M, &M2, &P2, &M3, &P3}) {
        ASSERT_EQ(m->rows(), D.rows());
        ASSERT_EQ(m->cols(), D.cols());
      }
      for (size_t i = 0; i < D.size(); ++i) {
        ASSERT_EQ(D2.data()[i], D.data()[i]) << i;
        ASSERT_EQ(P.data()[i], expected_p.data()[i]) << i;
        ASSERT_EQ(M.data()[i], expected_m.data()[i]) << i;
        ASSERT_EQ(M2.data()[i], expected_m.data()[i]) << i;
        ASSERT_EQ(M3.data()[i], expected_m.data()[i]) << i;
        ASSERT_EQ(P2.data()[i], expected_mp.data()[i]) << i;
        ASSERT_EQ(P3.data()[i], expected_mp.data()[i]) << i;
      }
      const float re = D.data()[0].real(), im = D.data()[0].imag();
      EXPECT_EQ(P.data()[0], re * re + im * im);

      // The by-frame outputs are the transposes, beside the usual ones or alone.
      ComplexMatrix Dt;
      Matrix Mt, M4, P4;
      StftF64::Outputs out;
      out.D_by_frame = &Dt;
      out.magnitude_by_frame = &Mt;
      out.magnitude = &M4;
      out.power = &P4;
      stft.compute(y, out);
      ASSERT_EQ(Dt.rows(), D.cols());
      ASSERT_EQ(Dt.cols(), D.rows());
      ASSERT_EQ(Mt.rows(), D.cols());
      for (size_t f = 0; f < D.rows(); ++f) {
        for (size_t t = 0; t < D.cols(); ++t) {
          ASSERT_EQ(Dt(t, f), D(f, t));
          ASSERT_EQ(Mt(t, f), expected_m(f, t));
          ASSERT_EQ(M4(f, t), expected_m(f, t));
          ASSERT_EQ(P4(f, t), expected_mp(f, t));
        }
      }
      StftF64::Outputs power_only;
      power_only.power = &P4;
      power_only.power_of_magnitude = false;
      power_only.magnitude_by_frame = &Mt;
      stft.compute(y, power_only);
      for (size_t f = 0; f < D.rows(); ++f) {
        for (size_t t = 0; t < D.cols(); ++t) {
          ASSERT_EQ(P4(f, t), expected_p(f, t));
          ASSERT_EQ(Mt(t, f), expected_m(f, t));
        }
      }
    }
  }
}

// The inverse from D's transpose gives compute()'s samples, bit for bit.
TEST(IstftF64, ByFrameGivesTheSameSamples) {
  const auto y = test::sine(20000, 311.0, 16000, 0.3);
  StftF64 stft;
  IstftF64 istft;
  ComplexMatrix D;
  stft.compute(y, D);
  ComplexMatrix Dt(D.cols(), D.rows());
  for (size_t f = 0; f < D.rows(); ++f) {
    for (size_t t = 0; t < D.cols(); ++t) Dt(t, f) = D(f, t);
  }
  for (size_t length : {y.size(), size_t{5000}, y.size() + 3000}) {
    std::vector<float> a, b;
    istft.compute(D, length, a);
    istft.compute_by_frame(Dt, length, b);
    ASSERT_EQ(a, b) << length;
  }
  std::vector<float> out;
  EXPECT_TRUE(test::throws_parameter_error_naming([&] { istft.compute_by_frame(D, 100, out); }, "bins"));
}

TEST(StftF64, HannIsScipys) {
  const auto w = periodic_hann_f64(4);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_NEAR(w[0], 0.0, 1e-16);
  EXPECT_NEAR(w[1], 0.5, 1e-16);
  EXPECT_EQ(w[2], 1.0);
  EXPECT_NEAR(w[3], 0.5, 1e-16);
  EXPECT_EQ(periodic_hann_f64(1), std::vector<double>{1.0});
  EXPECT_TRUE(periodic_hann_f64(0).empty());
}

TEST(IstftF64, RoundTripReconstructsTheSignal) {
  auto y = test::sine(20000, 300.0, 16000, 0.3);
  const auto b = test::sine(20000, 2100.0, 16000, 0.2);
  for (size_t i = 0; i < y.size(); ++i) y[i] += b[i];
  for (int win : {2048, 1024}) {
    StftParams p;
    p.win_length = win;
    StftF64 stft(p);
    IstftF64 istft(p);
    ComplexMatrix D;
    stft.compute(y, D);
    std::vector<float> back;
    for (size_t length : {y.size(), y.size() - 300, size_t{100}}) {
      istft.compute(D, length, back);
      ASSERT_EQ(back.size(), length);
      double err = 0;
      for (size_t i = 0; i < length; ++i) err = std::max(err, std::fabs(double(back[i]) - y[i]));
      EXPECT_LT(err, 1e-6) << "win " << win << " length " << length;
    }
    // Past the last frame the output is zero-padded.
    istft.compute(D, y.size() + 5000, back);
    EXPECT_EQ(back.back(), 0.0f);
  }
}

// One object reuses the window envelope of the longest input for shorter ones; that must give
// the bits of a fresh object, in any order of lengths, short ones (few frames) included.
TEST(IstftF64, ReusedObjectGivesTheBitsOfAFreshOne) {
  const auto y = test::sine(40000, 523.0, 16000, 0.3);
  for (int hop : {512, 300}) {
    StftParams p{2048, hop, 0, true};
    StftF64 stft(p);
    IstftF64 reused(p);
    for (size_t n : {size_t{40000}, size_t{9000}, size_t{1500}, size_t{25000}, size_t{3000}, size_t{40000}, size_t{600}}) {
      ComplexMatrix D;
      stft.compute(FloatSpan(y.data(), n), D);
      std::vector<float> a, b;
      reused.compute(D, n, a);
      IstftF64(p).compute(D, n, b);
      ASSERT_EQ(a.size(), b.size());
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(a[i], b[i]) << "hop " << hop << " length " << n << " at " << i;
    }
  }
}

TEST(IstftF64, RejectsAMismatchedSpectrogram) {
  ComplexMatrix D(100, 3);
  std::vector<float> y;
  IstftF64 istft;
  EXPECT_THROW(istft.compute(D, 1000, y), ParameterError);
  EXPECT_THROW(IstftF64(StftParams{2048, 0, 0, true}), ParameterError);
  EXPECT_THROW(StftF64(StftParams{0, 512, 0, true}), ParameterError);
}

}  // namespace
}  // namespace ser::dsp
