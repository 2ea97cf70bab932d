// Tests of the spectral descriptors of eGeMAPS: smoothing, band filters, loudness, cepstrum,
// alpha ratio, Hammarberg index, spectral slope, spectral flux.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/error.h"
#include "dsp/voice/alpha_ratio.h"
#include "dsp/voice/band_filters.h"
#include "dsp/voice/cepstrum.h"
#include "dsp/voice/contour_smoother.h"
#include "dsp/voice/hammarberg_index.h"
#include "dsp/voice/loudness.h"
#include "dsp/voice/spectral_flux.h"
#include "dsp/voice/spectral_slope.h"

namespace ser::dsp::voice {
namespace {

constexpr int kBins = 257;          // 512-point FFT
constexpr double kBinHz = 31.25;    // at 16 kHz

TEST(ContourSmoother, ThreeFrameMeanRepeatsTheEnds) {
  const std::vector<float> x{3, 6, 9, 0, 3};
  std::vector<float> y(5);
  smooth3(x.data(), 5, y.data());
  EXPECT_FLOAT_EQ(y[0], 4.0f);  // (3 + 3 + 6) / 3
  EXPECT_FLOAT_EQ(y[1], 6.0f);
  EXPECT_FLOAT_EQ(y[3], 4.0f);
  EXPECT_FLOAT_EQ(y[4], 2.0f);  // (0 + 3 + 3) / 3
}

TEST(ContourSmoother, NonZeroMeanLeavesZerosAlone) {
  const std::vector<float> x{0, 2, 4, 0, 5, 0};
  std::vector<float> y(6);
  smooth3_nonzero(x.data(), 6, y.data());
  EXPECT_EQ(y, (std::vector<float>{0, 3, 3, 0, 5, 0}));
  smooth3_nonzero(x.data(), 0, y.data());  // empty: nothing to do
}

TEST(BandFilters, TrianglesOnTheScaleCoverTheBand) {
  BandFilters mel(BandScale::Mel, 26, 20, 8000, 16000, 512);
  EXPECT_EQ(mel.n_bands(), 26);
  EXPECT_NEAR(to_scale(BandScale::Mel, 1000.0), 1000.0, 1.0);  // the mel scale's anchor
  EXPECT_NEAR(from_scale(BandScale::Bark, to_scale(BandScale::Bark, 1234.0)), 1234.0, 1e-9);
  // A flat spectrum: each band sums about its width in bins; DC and bin 1 belong to no band.
  std::vector<float> flat(kBins, 1.0f), spike(kBins, 0.0f);
  std::vector<double> out(26);
  mel.apply(flat.data(), out.data());
  for (double v : out) EXPECT_GT(v, 0.5);
  spike[1] = 1e6f;
  mel.apply(spike.data(), out.data());
  for (double v : out) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(BandFilters(BandScale::Bark, 0, 20, 8000, 16000, 512), ParameterError);
  EXPECT_THROW(BandFilters(BandScale::Bark, 26, 9000, 8000, 16000, 512), ParameterError);
}

TEST(SpectralParams, BadValuesAreRefused) {
  EXPECT_THROW((SplitBands{5000.0, 1000.0}.validate()), ParameterError);
  EXPECT_THROW((SplitBands{0.0, 5000.0}.validate()), ParameterError);
  EXPECT_THROW((SpectralFluxParams{-1.0}.validate()), ParameterError);
  LoudnessParams l;
  l.compression = 0;
  EXPECT_THROW(l.validate(), ParameterError);
  l = {};
  l.n_bands = 0;
  EXPECT_THROW(Loudness(16000, 512, l), ParameterError);
  HtkCepstrumParams c;
  c.lifter = -1;
  EXPECT_THROW(c.validate(), ParameterError);
  // Other bands give other values, as they should.
  std::vector<float> p(kBins, 1e-4f);
  p[40] = 1.0f;  // 1250 Hz
  SplitBands a = kAlphaRatioBands;
  a.split_hz = 1500.0;
  EXPECT_LT(alpha_ratio(p.data(), kBins, kBinHz, a), alpha_ratio(p.data(), kBins, kBinHz));
}

TEST(Loudness, GrowsWithLevelByThePowerLaw) {
  Loudness loudness(16000, 512);
  std::vector<float> p(kBins, 1e-4f);
  const double quiet = loudness.compute(p.data());
  for (float& v : p) v *= 100.0f;  // +20 dB
  EXPECT_NEAR(loudness.compute(p.data()) / quiet, std::pow(100.0, 0.33), 1e-6);
  std::vector<float> zero(kBins, 0.0f);
  EXPECT_EQ(loudness.compute(zero.data()), 0.0);
}

TEST(HtkCepstrum, FlatLogSpectrumHasNoShape) {
  HtkCepstrum c(16000, 512);
  EXPECT_EQ(c.n_coefficients(), 4);
  std::vector<float> silence(kBins, 0.0f), out(4);
  c.compute(silence.data(), out.data());  // every band at the floor of 1: ln 1 = 0
  for (float v : out) EXPECT_EQ(v, 0.0f);
  // More energy at low frequencies: a positive first coefficient (the spectral tilt).
  std::vector<float> tilt(kBins);
  for (int k = 0; k < kBins; ++k) tilt[size_t(k)] = 1e-2f / float(1 + k);
  c.compute(tilt.data(), out.data());
  EXPECT_GT(out[0], 1.0f);
  HtkCepstrumParams bad;
  bad.first = 3;
  bad.last = 2;
  EXPECT_THROW(HtkCepstrum(16000, 512, bad), ParameterError);
}

TEST(SpectralBalance, AlphaRatioAndHammarbergOnKnownSpectra) {
  std::vector<float> p(kBins, 0.0f);
  EXPECT_EQ(alpha_ratio(p.data(), kBins, kBinHz), 0.0);      // digital silence
  EXPECT_EQ(hammarberg_index(p.data(), kBins, kBinHz), 0.0);
  p[16] = 1.0f;    // 500 Hz
  p[96] = 0.01f;   // 3 kHz
  EXPECT_NEAR(alpha_ratio(p.data(), kBins, kBinHz), -20.0, 1e-6);
  EXPECT_NEAR(hammarberg_index(p.data(), kBins, kBinHz), 20.0, 1e-6);
  p[32] = 1.0f;    // exactly 1 kHz: in the upper band of the alpha ratio
  EXPECT_NEAR(alpha_ratio(p.data(), kBins, kBinHz), 10 * std::log10(1.01), 1e-6);
  p[200] = 100.0f;  // 6.25 kHz: outside both measures
  EXPECT_NEAR(alpha_ratio(p.data(), kBins, kBinHz), 10 * std::log10(1.01), 1e-6);
  EXPECT_NEAR(hammarberg_index(p.data(), kBins, kBinHz), 20.0, 1e-6);
}

TEST(SpectralSlope, FollowsOpensmilesRegressionIncludingItsCount) {
  // y = a + b f in dB: openSMILE's formula with N = bins - 1 gives b plus a term in a.
  std::vector<float> p(kBins);
  const double a = 10.0, b = 0.02;
  for (int k = 0; k < kBins; ++k) p[size_t(k)] = static_cast<float>(std::pow(10.0, (a + b * k * kBinHz) / 10.0));
  double sx = 0, sxx = 0;
  for (int k = 0; k <= 16; ++k) sx += k * kBinHz, sxx += std::pow(k * kBinHz, 2);
  const double n = 16;  // 17 bins
  const double expected = (n * (a * sx + b * sxx) - sx * (17 * a + b * sx)) / (n * sxx - sx * sx);
  EXPECT_NEAR(spectral_slope(p.data(), kBins, kBinHz, 0, 500), expected, 1e-4);
  std::vector<float> zero(kBins, 0.0f);  // the -140 dB floor everywhere
  EXPECT_TRUE(std::isfinite(spectral_slope(zero.data(), kBins, kBinHz, 500, 1500)));
  EXPECT_EQ(spectral_slope(p.data(), kBins, kBinHz, 500, 520), 0.0);  // fewer than 3 bins
}

TEST(SpectralFlux, RootMeanSquareDifferenceBelow5kHz) {
  std::vector<float> a(kBins, 1.0f), b(kBins, 1.0f);
  EXPECT_EQ(spectral_flux(a.data(), nullptr, kBins, kBinHz), 0.0);
  EXPECT_EQ(spectral_flux(a.data(), b.data(), kBins, kBinHz), 0.0);
  for (int k = 0; k < 160; ++k) b[size_t(k)] = 3.0f;
  b[200] = 1e6f;  // above 5 kHz: not counted
  EXPECT_NEAR(spectral_flux(a.data(), b.data(), kBins, kBinHz), 2.0, 1e-9);
}

}  // namespace
}  // namespace ser::dsp::voice
