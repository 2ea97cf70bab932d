#include "dsp/tonnetz.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "common/signals.h"

namespace ser::dsp {
namespace {

TonnetzCqtParams at_16k() {
  TonnetzCqtParams p;
  p.chroma.sr = 16000;
  return p;
}

// Harte et al. (2006), eq. 1, written out independently of the implementation.
double harte(size_t dim, int pitch_class) {
  const double l = pitch_class;
  const double r[3] = {1.0, 1.0, 0.5};
  const double angle[3] = {7 * M_PI / 6, 3 * M_PI / 2, 2 * M_PI / 3};
  const size_t axis = dim / 2;
  return r[axis] * (dim % 2 == 0 ? std::sin(l * angle[axis]) : std::cos(l * angle[axis]));
}

Matrix chord(std::initializer_list<int> classes, float level = 1.0f) {
  Matrix c(12, 1, 0.0f);
  for (int k : classes) c(static_cast<size_t>(k % 12), 0) = level;
  return c;
}

TEST(Tonnetz, CMajorChordIsTheMeanOfItsNotes) {
  const Matrix t = tonnetz(chord({0, 4, 7}, 0.7f));
  ASSERT_EQ(t.rows(), 6u);
  ASSERT_EQ(t.cols(), 1u);
  for (size_t d = 0; d < 6; ++d) {
    const double expected = (harte(d, 0) + harte(d, 4) + harte(d, 7)) / 3;
    EXPECT_NEAR(t(d, 0), expected, 1e-6) << "dimension " << d;
  }
  // The fifths circle: C, E and G at angles 0, 14pi/3 and 49pi/6.
  EXPECT_NEAR(t(0, 0), (0.0 + std::sqrt(3.0) / 2 + 0.5) / 3, 1e-6);
}

TEST(Tonnetz, EveryMajorTriadIsAsFarFromTheCentre) {
  const Matrix c_major = tonnetz(chord({0, 4, 7}));
  for (int root = 1; root < 12; ++root) {
    const Matrix t = tonnetz(chord({root, root + 4, root + 7}));
    for (size_t pair = 0; pair < 3; ++pair) {
      EXPECT_NEAR(std::hypot(t(2 * pair, 0), t(2 * pair + 1, 0)),
                  std::hypot(c_major(2 * pair, 0), c_major(2 * pair + 1, 0)), 1e-6)
          << "root " << root << " pair " << pair;
    }
  }
}

TEST(Tonnetz, SilentFrameIsZero) {
  const Matrix t = tonnetz(Matrix(12, 3, 0.0f));
  for (size_t i = 0; i < t.size(); ++i) EXPECT_EQ(t.data()[i], 0.0f);
  EXPECT_THROW(tonnetz(Matrix(0, 3)), ParameterError);
}

TEST(Tonnetz, OfLibrosaChromaReproducesLibrosa) {
  SER_REQUIRE_GOLDEN();
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix t = tonnetz(g.load("chroma_cqt").as_matrix());
    // Both in float64 from the same float32 chroma; only the summation order differs.
    EXPECT_LE(test::max_abs_diff(t, g.load("tonnetz_cqt").as_matrix()), 1e-6);
  }
}

TEST(TonnetzCqt, MatchesLibrosaOnLoudFramesWithTheGoldenTuning) {
  SER_REQUIRE_GOLDEN();
  TonnetzCqt tonnetz_cqt(at_16k());
  Matrix t;
  double worst = 0, worst_all = 0, worst_mean = 0;
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const auto y = g.y();
    tonnetz_cqt.compute(y, g.tonnetz_cqt_tuning, t);
    const Matrix ref = g.load("tonnetz_cqt").as_matrix();
    const double err = test::max_abs_diff_in_columns(t, ref, test::loud_frames(y));
    EXPECT_LE(err, 5e-4);  // README: abs 5e-4 on C frames, same tuning
    worst = std::max(worst, err);
    worst_all = std::max(worst_all, test::max_abs_diff(t, ref));

    // The 193-vector's last six entries: the means over all frames.
    const auto vec193 = g.load("vec193").values;
    ASSERT_EQ(vec193.size(), 193u);
    for (size_t d = 0; d < 6; ++d) {
      double mean = 0;
      for (size_t c = 0; c < t.cols(); ++c) mean += t(d, c);
      mean /= static_cast<double>(t.cols());
      const double e = std::fabs(mean - vec193[187 + d]);
      EXPECT_LE(e, 5e-3) << "vec193[" << 187 + d << "]";  // README: abs 5e-3 with the same tuning
      worst_mean = std::max(worst_mean, e);
    }
  }
  std::cout << "[ tonnetz_cqt ] worst |error| on loud frames " << worst << ", on all frames " << worst_all
            << "; vec193[187:193] worst " << worst_mean << "\n";
}

TEST(TonnetzCqt, StagesAreTheSeparateFunctions) {
  // C4 and E4.
  std::vector<float> y = test::sine(16000, 261.63, 16000, 0.3);
  const std::vector<float> e = test::sine(16000, 329.63, 16000, 0.3);
  for (size_t i = 0; i < y.size(); ++i) y[i] += e[i];
  TonnetzCqt composed(at_16k());
  Matrix t;
  composed.compute(y, 0.0, t);
  const auto h = harmonic(y);
  EXPECT_EQ(composed.last_harmonic(), h);
  const Matrix c = chroma_cqt(h, 0.0, at_16k().chroma);
  EXPECT_EQ(composed.last_chroma().storage(), c.storage());
  EXPECT_EQ(t.storage(), tonnetz(c).storage());
  EXPECT_EQ(tonnetz_cqt(y, 16000, 0.0).storage(), t.storage());
}

TEST(TonnetzCqt, BadParametersAreRejected) {
  TonnetzCqtParams p = at_16k();
  p.chroma.n_chroma = 0;
  EXPECT_THROW(TonnetzCqt{p}, ParameterError);
  p = at_16k();
  p.harmonic.hpss.kernel_harmonic = 0;
  EXPECT_THROW(TonnetzCqt{p}, ParameterError);
}

}  // namespace
}  // namespace ser::dsp
