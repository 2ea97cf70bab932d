#include "features/extractor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/hpss.h"
#include "dsp/stft_f64.h"
#include "dsp/tuning.h"

namespace ser::features {
namespace {

// A spec whose window holds every golden input whole, so the features are those of the clip.
FeatureSpec whole_clip(const std::string& preset) {
  FeatureSpec s = FeatureSpec::preset(preset);
  s.window_seconds = 10.0;
  s.pad_short = false;
  return s;
}

TEST(Extractor, LogmelSequenceMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Extractor ex(whole_clip("logmel128"));
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix out = ex.compute(g.y());
    const Matrix ref = g.load("logmel_db").as_matrix();
    ASSERT_EQ(out.rows(), 128u);
    ASSERT_EQ(out.cols(), ref.cols());
    // power_to_db(mel, ref=max): 2e-4 dB within 60 dB of the peak; float32 FFT rounding (librosa's
    // numpy FFT runs in double) reaches ~1e-3 dB near the -80 dB floor.
    for (size_t i = 0; i < ref.size(); ++i) {
      const double tol = ref.data()[i] > -60.0 ? 2e-4 : 3e-3;
      ASSERT_NEAR(out.data()[i], ref.data()[i], tol) << "element " << i;
    }
  }
}

TEST(Extractor, MfccSequenceMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Extractor ex(whole_clip("mfcc40"));
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix ref = g.load("mfcc40").as_matrix();
    EXPECT_LE(test::max_abs_diff(ex.compute(g.y()), ref), 2e-3);
  }
}

// The tuning chroma_cqt estimates on effects.harmonic(y), as the extractor computes it.
double cqt_tuning(const std::vector<float>& y) {
  dsp::Harmonic harmonic;
  std::vector<float> h;
  harmonic.compute(y, h);
  dsp::StftF64 stft;
  ComplexMatrix D;
  stft.compute(h, D);
  Matrix mag(D.rows(), D.cols());
  for (size_t i = 0; i < D.size(); ++i) mag.data()[i] = std::abs(D.data()[i]);
  return dsp::estimate_tuning(mag, 16000, 2048, 0.01, 36);
}

// The histogram argmax behind the tuning is discontinuous: float32 against float64 alone moved it
// on one golden input (README). It must match on all but at most one input.
TEST(Extractor, CqtTuningMatchesLibrosaOnAlmostAllInputs) {
  SER_REQUIRE_GOLDEN();
  int mismatches = 0;
  for (const auto& g : test::golden_inputs()) {
    const double ours = std::round(cqt_tuning(g.y()) * 100) / 100;
    const double ref = std::round(g.tonnetz_cqt_tuning * 100) / 100;
    if (std::fabs(ours - ref) > 1e-9) {
      ++mismatches;
      std::cout << "tuning of " << g.name << ": " << ours << ", librosa " << ref << "\n";
    }
  }
  EXPECT_LE(mismatches, 1);
}

// The classic 193-vector against librosa, block by block with the golden README's tolerances.
// Where the CQT tuning estimate lands on the other side of a near tie (see above), the tonnetz
// means get the README's tolerance for a re-estimated tuning, 2e-2, instead of 5e-3.
TEST(Extractor, Issa193VectorMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  Extractor ex(whole_clip("issa193"));
  struct Block {
    const char* name;
    size_t begin, end;
    double tol;  // absolute; mel relative to the block's largest value
  };
  const Block blocks[] = {{"mfcc", 0, 40, 1e-3}, {"chroma", 40, 52, 1e-5}, {"mel", 52, 180, 2e-6},
                          {"contrast", 180, 187, 5e-5}, {"tonnetz", 187, 193, 5e-3}};
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix out = ex.compute(g.y());
    const auto ref = g.load("vec193").values;
    ASSERT_EQ(out.rows(), 1u);
    ASSERT_EQ(out.cols(), 193u);
    for (const auto& b : blocks) {
      double peak = 0, worst = 0;
      for (size_t i = b.begin; i < b.end; ++i) {
        peak = std::max(peak, std::fabs(double(ref[i])));
        worst = std::max(worst, std::fabs(double(out(0, i)) - ref[i]));
      }
      double tol = std::string(b.name) == "mel" ? b.tol * peak : b.tol;
      if (std::string(b.name) == "tonnetz" &&
          std::fabs(std::round(cqt_tuning(g.y()) * 100) - std::round(g.tonnetz_cqt_tuning * 100)) > 0.5) {
        tol = 2e-2;
      }
      EXPECT_LE(worst, tol) << b.name;
    }
  }
}

TEST(Extractor, TonnetzFromStftMatchesLibrosa) {
  SER_REQUIRE_GOLDEN();
  FeatureSpec s = whole_clip("issa193");
  s.features = {"tonnetz"};
  s.tonnetz_source = "stft";
  Extractor ex(s);
  for (const auto& g : test::golden_inputs()) {
    SCOPED_TRACE(g.name);
    const Matrix ref = g.load("tonnetz_stft").as_matrix();
    const Matrix out = ex.compute(g.y());
    ASSERT_EQ(out.cols(), 6u);
    for (size_t r = 0; r < 6; ++r) {
      double mean = 0;
      for (size_t t = 0; t < ref.cols(); ++t) mean += ref(r, t);
      EXPECT_NEAR(out(0, r), mean / ref.cols(), 5e-6);
    }
  }
}

TEST(Extractor, ShortAudioIsPaddedToTheWindowWhenTheSpecSaysSo) {
  FeatureSpec s = FeatureSpec::preset("logmel64");
  Extractor ex(s);
  std::vector<float> y(8000, 0.1f);
  const Matrix out = ex.compute(y);
  EXPECT_EQ(out.rows(), 64u);
  EXPECT_EQ(out.cols(), s.frames_for(y.size()));
  EXPECT_EQ(out.cols(), 94u);
  s.pad_short = false;
  Extractor unpadded(s);
  EXPECT_EQ(unpadded.compute(y).cols(), 1u + 8000u / 512u);
}

TEST(Extractor, SilenceGivesFiniteFeatures) {
  for (const auto& name : {"mfcc40", "logmel128", "issa193"}) {
    SCOPED_TRACE(name);
    Extractor ex(FeatureSpec::preset(name));
    std::vector<float> silence(48000, 0.0f);
    const Matrix out = ex.compute(silence);
    for (size_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i]));
  }
}

TEST(Extractor, SignalShorterThanOneFrameGivesFiniteFeatures) {
  for (const auto& name : {"mfcc40", "logmel64", "issa193"}) {
    SCOPED_TRACE(name);
    FeatureSpec s = FeatureSpec::preset(name);
    s.pad_short = false;
    Extractor ex(s);
    std::vector<float> y(1000);
    for (size_t i = 0; i < y.size(); ++i) y[i] = 0.3f * std::sin(0.2f * i);
    const Matrix out = ex.compute(y);
    EXPECT_EQ(out.rows(), s.shape == InputShape::Vector ? 1u : s.feature_dim());
    for (size_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i])) << i;
  }
}

// Ten minutes in one span: nothing grows out of bounds, every value stays finite.
TEST(Extractor, VeryLongInputWorks) {
  FeatureSpec s = FeatureSpec::preset("issa193");
  Extractor ex(s);
  std::vector<float> y(size_t(600) * 16000);
  uint32_t state = 1;
  for (size_t i = 0; i < y.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    y[i] = 0.2f * std::sin(0.05f * float(i % 100000)) + 0.01f * (float(state >> 8) / float(1 << 24) - 0.5f);
  }
  const Matrix out = ex.compute(y);
  ASSERT_EQ(out.cols(), 193u);
  for (size_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i])) << i;
}

TEST(Extractor, OneSampleIsEnough) {
  FeatureSpec s = FeatureSpec::preset("mfcc40");
  s.pad_short = false;
  Extractor ex(s);
  std::vector<float> y{0.5f};
  const Matrix out = ex.compute(y);
  EXPECT_EQ(out.cols(), 1u);
  for (size_t i = 0; i < out.size(); ++i) ASSERT_TRUE(std::isfinite(out.data()[i]));
}

TEST(Extractor, NonFiniteOrEmptyAudioIsRejectedByName) {
  Extractor ex(FeatureSpec::preset("logmel64"));
  std::vector<float> y(1000, 0.1f);
  y[123] = std::numeric_limits<float>::quiet_NaN();
  try {
    ex.compute(y);
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("sample 123 is NaN"), std::string::npos) << e.what();
  }
  y[123] = std::numeric_limits<float>::infinity();
  EXPECT_THROW(ex.compute(y), ParameterError);
  EXPECT_THROW(ex.compute(FloatSpan()), ParameterError);
  // The extractor is still usable after a rejection.
  y[123] = 0.0f;
  EXPECT_EQ(ex.compute(y).rows(), 64u);
}

TEST(Extractor, WindowNormalisationCentresAndScalesEachRow) {
  std::vector<float> y(48000);
  for (size_t i = 0; i < y.size(); ++i) y[i] = 0.3f * std::sin(0.05f * i) * (1.0f + 0.5f * std::sin(0.0003f * i));
  FeatureSpec s = FeatureSpec::preset("logmel64");
  const Matrix raw = Extractor(s).compute(y);
  s.window_norm = "mean";
  const Matrix centred = Extractor(s).compute(y);
  s.window_norm = "meanvar";
  const Matrix standard = Extractor(s).compute(y);
  for (size_t r = 0; r < raw.rows(); ++r) {
    double mean_raw = 0, mean_c = 0, mean_s = 0, var_s = 0;
    for (size_t t = 0; t < raw.cols(); ++t) {
      mean_raw += raw(r, t);
      mean_c += centred(r, t);
      mean_s += standard(r, t);
      var_s += double(standard(r, t)) * standard(r, t);
    }
    const double n = double(raw.cols());
    EXPECT_NEAR(mean_c / n, 0.0, 1e-4);
    EXPECT_NEAR(centred(r, 3), raw(r, 3) - mean_raw / n, 1e-3);
    EXPECT_NEAR(mean_s / n, 0.0, 1e-4);
    const bool flat = var_s < 1e-6;  // a constant row stays 0
    if (!flat) EXPECT_NEAR(var_s / n, 1.0, 1e-3);
  }
  s.shape = InputShape::Vector;
  s.features = {"mfcc"};
  EXPECT_THROW(s.validate(), ParameterError);
}

// logmel64+egemaps: the log-mel frames of logmel64, then the 88 functionals of the span as it is
// (not padded), each repeated over the frames; window_norm leaves the appended rows alone.
TEST(Extractor, AnAppendedVectorFollowsTheSequenceRows) {
  std::vector<float> y(20000);
  for (size_t i = 0; i < y.size(); ++i) y[i] = 0.3f * std::sin(0.06f * i) * (1.0f + 0.5f * std::sin(0.0004f * i));
  FeatureSpec s = FeatureSpec::preset("logmel64+egemaps");
  ASSERT_EQ(s.feature_dim(), 64u + 88u);
  ASSERT_EQ(s.sequence_rows(), 64u);
  s.window_norm = "mean";
  const Matrix fused = Extractor(s).compute(y);
  FeatureSpec logmel = FeatureSpec::preset("logmel64");
  logmel.window_norm = "mean";
  const Matrix frames = Extractor(logmel).compute(y);
  const Matrix functionals = Extractor(FeatureSpec::preset("egemaps")).compute(y);  // unpadded
  ASSERT_EQ(fused.rows(), 152u);
  ASSERT_EQ(fused.cols(), frames.cols());
  for (size_t r = 0; r < 64; ++r) {
    for (size_t t = 0; t < frames.cols(); ++t) ASSERT_EQ(fused(r, t), frames(r, t));
  }
  for (size_t k = 0; k < 88; ++k) {
    for (size_t t = 0; t < fused.cols(); ++t) ASSERT_EQ(fused(64 + k, t), functionals(0, k)) << k;
  }
  EXPECT_EQ(FeatureSpec::from_json(s.to_json()), s);
  EXPECT_FALSE(FeatureSpec::preset("logmel64").to_json().contains("append_vector"));
  FeatureSpec bad = s;
  bad.append_vector = {"mfcc"};
  EXPECT_THROW(bad.validate(), ParameterError);
  bad = FeatureSpec::preset("egemaps");
  bad.append_vector = {"egemaps"};
  EXPECT_THROW(bad.validate(), ParameterError);  // a vector spec appends nothing
}

// logmel64+egemaps-level-lpc: the functionals are egemaps-level-lpc's; the log-mel rows, dB against
// the window's maximum, are logmel64's whatever the level (up to rounding).
TEST(Extractor, TheFusionPresetOfTheShippedFunctionals) {
  std::vector<float> y(24000);
  for (size_t i = 0; i < y.size(); ++i) y[i] = 0.05f * std::sin(0.05f * i) * (1.0f + 0.5f * std::sin(0.0005f * i));
  const FeatureSpec s = FeatureSpec::preset("logmel64+egemaps-level-lpc");
  ASSERT_EQ(s.feature_dim(), 64u + 88u);
  const Matrix fused = Extractor(s).compute(y);
  const Matrix frames = Extractor(FeatureSpec::preset("logmel64")).compute(y);
  const Matrix functionals = Extractor(FeatureSpec::preset("egemaps-level-lpc")).compute(y);
  const Matrix other_formants = Extractor(FeatureSpec::preset("egemaps-level")).compute(y);
  ASSERT_EQ(fused.rows(), 152u);
  ASSERT_EQ(fused.cols(), frames.cols());
  for (size_t r = 0; r < 64; ++r) {
    for (size_t t = 0; t < frames.cols(); ++t) ASSERT_NEAR(fused(r, t), frames(r, t), 1e-3) << r << " " << t;
  }
  size_t differ_from_default_formants = 0;
  for (size_t k = 0; k < 88; ++k) {
    ASSERT_EQ(fused(64 + k, 0), functionals(0, k)) << k;
    differ_from_default_formants += fused(64 + k, 0) != other_formants(0, k);
  }
  EXPECT_GT(differ_from_default_formants, 0u);
  EXPECT_EQ(FeatureSpec::from_json(s.to_json()), s);
}

TEST(Extractor, ReusingTheExtractorGivesIdenticalResults) {
  Extractor ex(FeatureSpec::preset("mfcc40"));
  std::vector<float> a(30000), b(50000);
  for (size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.01f * i);
  for (size_t i = 0; i < b.size(); ++i) b[i] = 0.2f * std::cos(0.003f * i);
  const Matrix first = ex.compute(a);
  ex.compute(b);
  const Matrix again = ex.compute(a);
  EXPECT_EQ(first.storage(), again.storage());
}

}  // namespace
}  // namespace ser::features
