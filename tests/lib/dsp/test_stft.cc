#include "dsp/stft.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"

namespace ser::dsp {
namespace {

TEST(Stft, MagnitudeMatchesLibrosaOnEveryGoldenInput) {
  SER_REQUIRE_GOLDEN();
  Stft stft;
  Matrix mag;
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const auto y = g.y();
    stft.magnitude(y, mag);
    const Matrix ref = g.load("stft_mag").as_matrix();
    // README: abs <= 2e-6 x file max.
    EXPECT_LE(test::max_abs_diff(mag, ref), 2e-6 * test::max_abs(ref));
  }
}

TEST(Stft, FrameCountFollowsLibrosa) {
  StftParams p;
  EXPECT_EQ(stft_frames(p, 61929), 121u);  // 1 + 61929 // 512
  EXPECT_EQ(stft_frames(p, 0), 1u);
  EXPECT_EQ(stft_frames(p, 100), 1u);
  p.center = false;
  EXPECT_EQ(stft_frames(p, 2048), 1u);
  EXPECT_EQ(stft_frames(p, 2048 + 511), 1u);
  EXPECT_EQ(stft_frames(p, 2048 + 512), 2u);
  EXPECT_THROW(stft_frames(p, 2047), ParameterError);
}

TEST(Stft, PowerIsSquaredMagnitude) {
  std::vector<float> y(5000);
  for (size_t i = 0; i < y.size(); ++i) y[i] = std::sin(0.05f * i) + 0.1f * std::cos(0.9f * i);
  Stft stft;
  Matrix mag, pow;
  stft.magnitude(y, mag, 1.0f);
  stft.magnitude(y, pow, 2.0f);
  for (size_t i = 0; i < mag.size(); ++i) EXPECT_NEAR(pow.data()[i], mag.data()[i] * mag.data()[i], 1e-4f * (1 + pow.data()[i]));
}

TEST(Stft, ShortSignalIsOneZeroPaddedFrame) {
  std::vector<float> y(100, 0.5f);
  Stft stft;
  Matrix mag;
  stft.magnitude(y, mag);
  ASSERT_EQ(mag.rows(), 1025u);
  ASSERT_EQ(mag.cols(), 1u);
  // DC bin: the Hann window's centre 100 samples, each 0.5 (window ~ 1 there).
  EXPECT_NEAR(mag(0, 0), 50.0f, 0.5f);
}

TEST(Stft, BadParametersAreRejected) {
  EXPECT_THROW(Stft(StftParams{0, 512, 0, true}), ParameterError);
  EXPECT_THROW(Stft(StftParams{2048, 0, 0, true}), ParameterError);
  EXPECT_THROW(Stft(StftParams{2048, 512, 4096, true}), ParameterError);
}

TEST(Istft, RoundTripReconstructsTheSignal) {
  std::vector<float> y(20000);
  for (size_t i = 0; i < y.size(); ++i) y[i] = 0.3f * std::sin(0.01f * i * (1 + i * 1e-4f));
  Stft stft;
  Istft istft;
  ComplexMatrix D;
  stft.compute(y, D);
  std::vector<float> back;
  istft.compute(D, y.size(), back);
  ASSERT_EQ(back.size(), y.size());
  double err = 0;
  for (size_t i = 0; i < y.size(); ++i) err = std::max(err, std::fabs(double(back[i]) - y[i]));
  EXPECT_LT(err, 1e-5);
}

TEST(Istft, RejectsAMismatchedSpectrogram) {
  ComplexMatrix D(100, 3);
  std::vector<float> y;
  Istft istft;
  EXPECT_THROW(istft.compute(D, 1000, y), ParameterError);
}

}  // namespace
}  // namespace ser::dsp
