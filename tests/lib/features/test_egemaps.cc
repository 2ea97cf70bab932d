#include "features/egemaps/egemaps.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/opensmile_golden.h"
#include "common/shared_data.h"
#include "common/signals.h"
#include "features/egemaps/egemaps_names.h"
#include "features/egemaps/voice_parameters.h"
#include "features/extractor.h"
#include "common/npy.h"

namespace ser::features {
namespace {

constexpr int kRate = 16000;

std::vector<float> functionals_of(Egemaps& e, FloatSpan audio) {
  Matrix out;
  e.compute_functionals(audio, out);
  return std::vector<float>(out.data(), out.data() + out.size());
}

size_t index_of(const std::string& name) {
  const auto& n = egemaps_functional_names();
  const auto it = std::find(n.begin(), n.end(), name);
  EXPECT_NE(it, n.end()) << name;
  return static_cast<size_t>(it - n.begin());
}

void expect_all_finite(const std::vector<float>& v) {
  for (size_t i = 0; i < v.size(); ++i) EXPECT_TRUE(std::isfinite(v[i])) << egemaps_functional_names()[i];
}

// The golden files with openSMILE's output; their samples are the librosa golden set's y.npy of
// the same files (the 16-bit FLAC decoded to int16 / 32768, as lib/io decodes it).
struct Golden {
  std::vector<test::OpensmileGolden> files;
  std::vector<std::vector<float>> audio;
  Golden() {
    files = test::opensmile_golden();
    for (const auto& g : files) audio.push_back(test::read_npy(test::golden_dir() + "/" + g.name + "/y.npy").values);
  }
};

const Golden& golden() {
  static const Golden g;
  return g;
}

#define REQUIRE_OPENSMILE_GOLDEN()                                                                           \
  do {                                                                                                       \
    if (test::opensmile_golden_dir().empty() || test::golden_dir().empty())                                  \
      GTEST_SKIP() << "../shared/golden (opensmile-3.0-egemaps, librosa-0.11.0) is absent (set SEREMOTION_SHARED_DIR)"; \
  } while (0)

TEST(Egemaps, NamesAreOpensmiles) {
  EXPECT_EQ(egemaps_functional_names().size(), Egemaps::kFunctionals);
  EXPECT_EQ(egemaps_descriptor_names().size(), Egemaps::kDescriptors);
  EXPECT_EQ(std::set<std::string>(egemaps_functional_names().begin(), egemaps_functional_names().end()).size(),
            Egemaps::kFunctionals);
  REQUIRE_OPENSMILE_GOLDEN();
  for (const auto& g : golden().files) {
    EXPECT_EQ(g.functional_names, egemaps_functional_names()) << g.name;
    EXPECT_EQ(g.descriptor_names, egemaps_descriptor_names()) << g.name;
  }
}

// The spectral descriptors, frame by frame: openSMILE's values to float precision (loudness to
// about 1 %: its auditory weighting is not reproduced exactly, docs/features.md).
TEST(Egemaps, SpectralDescriptorsMatchOpensmileFrameByFrame) {
  REQUIRE_OPENSMILE_GOLDEN();
  Egemaps e(kRate);
  Matrix d;
  for (size_t f = 0; f < golden().files.size(); ++f) {
    const auto& g = golden().files[f];
    SCOPED_TRACE(g.name);
    e.compute_descriptors(golden().audio[f], d);
    ASSERT_GE(d.cols() + 5, g.descriptors.cols());
    const size_t frames = std::min(d.cols(), g.descriptors.cols());
    for (int r = kAlphaRatio; r <= kMfcc4; ++r) {
      size_t close = 0;
      for (size_t t = 0; t < frames; ++t) {
        const double ours = d(size_t(r), t), theirs = g.descriptors(size_t(r), t);
        close += std::fabs(ours - theirs) <= 1e-3 * std::fabs(theirs) + 1e-4;
      }
      // A frame of digital silence next to sound may differ in the log floor; all others agree.
      EXPECT_GE(close, frames - 3) << egemaps_descriptor_names()[size_t(r)];
    }
    std::vector<double> loudness_error;
    for (size_t t = 0; t < frames; ++t) {
      const double theirs = g.descriptors(kLoudness, t);
      if (theirs > 0.02) loudness_error.push_back(std::fabs(d(kLoudness, t) - theirs) / theirs);
    }
    std::sort(loudness_error.begin(), loudness_error.end());
    ASSERT_FALSE(loudness_error.empty());
    EXPECT_LT(loudness_error[loudness_error.size() / 2], 0.02);
    EXPECT_LT(loudness_error[loudness_error.size() * 9 / 10], 0.05);
  }
}

// Pitch and voicing: the voicing decisions of openSMILE on 99 % of frames, F0 within 0.1 semitone
// (median) where both are voiced, HNR exactly where both are voiced.
TEST(Egemaps, PitchVoicingAndHnrMatchOpensmile) {
  REQUIRE_OPENSMILE_GOLDEN();
  Egemaps e(kRate);
  Matrix d;
  size_t frames_total = 0, agree = 0;
  std::vector<double> f0_error, hnr_error;
  for (size_t f = 0; f < golden().files.size(); ++f) {
    const auto& g = golden().files[f];
    e.compute_descriptors(golden().audio[f], d);
    const size_t frames = std::min(d.cols(), g.descriptors.cols());
    for (size_t t = 0; t < frames; ++t) {
      const bool ours = d(kF0Semitone, t) > 0, theirs = g.descriptors(kF0Semitone, t) > 0;
      ++frames_total;
      agree += ours == theirs;
      if (ours && theirs) {
        f0_error.push_back(std::fabs(d(kF0Semitone, t) - g.descriptors(kF0Semitone, t)));
        hnr_error.push_back(std::fabs(d(kHnr, t) - g.descriptors(kHnr, t)));
      }
    }
  }
  EXPECT_GE(double(agree) / double(frames_total), 0.99);
  ASSERT_GT(f0_error.size(), 1000u);
  std::sort(f0_error.begin(), f0_error.end());
  std::sort(hnr_error.begin(), hnr_error.end());
  EXPECT_LT(f0_error[f0_error.size() / 2], 0.1);
  EXPECT_LT(f0_error[f0_error.size() * 9 / 10], 0.5);
  EXPECT_LT(hnr_error[hnr_error.size() / 2], 1e-3);
}

// The functionals against openSMILE with the tolerance (5 % of its value + 5 % of the
// functional's spread over the golden files). These hold on every golden file; the others, and
// why, are in docs/features.md.
TEST(Egemaps, FunctionalsMatchOpensmile) {
  REQUIRE_OPENSMILE_GOLDEN();
  const std::vector<std::string> always = {
      "F0semitoneFrom27.5Hz_sma3nz_amean", "F0semitoneFrom27.5Hz_sma3nz_percentile20.0",
      "F0semitoneFrom27.5Hz_sma3nz_percentile50.0", "F0semitoneFrom27.5Hz_sma3nz_percentile80.0",
      "F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2", "loudness_sma3_amean", "loudness_sma3_stddevNorm",
      "loudness_sma3_percentile20.0", "loudness_sma3_percentile50.0", "loudness_sma3_percentile80.0",
      "loudness_sma3_pctlrange0-2", "loudness_sma3_meanFallingSlope", "loudness_sma3_stddevFallingSlope",
      "spectralFlux_sma3_amean", "spectralFlux_sma3_stddevNorm", "mfcc1_sma3_amean", "mfcc1_sma3_stddevNorm",
      "mfcc2_sma3_amean", "mfcc2_sma3_stddevNorm", "mfcc3_sma3_amean", "mfcc3_sma3_stddevNorm", "mfcc4_sma3_amean",
      "mfcc4_sma3_stddevNorm", "HNRdBACF_sma3nz_amean", "hammarbergIndexV_sma3nz_amean", "slopeV0-500_sma3nz_amean",
      "slopeV0-500_sma3nz_stddevNorm", "spectralFluxV_sma3nz_amean", "mfcc1V_sma3nz_amean", "mfcc2V_sma3nz_amean",
      "mfcc4V_sma3nz_amean", "hammarbergIndexUV_sma3nz_amean", "F1amplitudeLogRelF0_sma3nz_amean",
      "F2amplitudeLogRelF0_sma3nz_amean", "F2amplitudeLogRelF0_sma3nz_stddevNorm", "F3amplitudeLogRelF0_sma3nz_amean",
      "spectralFluxUV_sma3nz_amean", "StddevUnvoicedSegmentLength", "equivalentSoundLevel_dBp",
      "F0semitoneFrom27.5Hz_sma3nz_stddevNorm", "alphaRatioV_sma3nz_amean", "alphaRatioV_sma3nz_stddevNorm",
      "hammarbergIndexV_sma3nz_stddevNorm", "slopeV500-1500_sma3nz_amean", "mfcc3V_sma3nz_amean",
      "alphaRatioUV_sma3nz_amean", "slopeUV0-500_sma3nz_amean", "slopeUV500-1500_sma3nz_amean",
      "F3frequency_sma3nz_amean"};
  const auto spread = test::functional_spreads(golden().files);
  Egemaps e(kRate);
  for (size_t f = 0; f < golden().files.size(); ++f) {
    const auto& g = golden().files[f];
    SCOPED_TRACE(g.name);
    const auto ours = functionals_of(e, golden().audio[f]);
    expect_all_finite(ours);
    size_t within = 0;
    for (size_t i = 0; i < Egemaps::kFunctionals; ++i) within += test::within_tolerance(ours[i], g.functionals[i], spread[i]);
    EXPECT_GE(within, 67u) << "of 88 within tolerance";
    for (const auto& name : always) {
      const size_t i = index_of(name);
      EXPECT_TRUE(test::within_tolerance(ours[i], g.functionals[i], spread[i]))
          << name << ": ours " << ours[i] << ", openSMILE " << g.functionals[i];
    }
  }
}

TEST(Egemaps, SilenceGivesDefinedFunctionals) {
  Egemaps e(kRate);
  const std::vector<float> silence(3 * kRate, 0.0f);
  const auto f = functionals_of(e, silence);
  expect_all_finite(f);
  EXPECT_EQ(f[index_of("F0semitoneFrom27.5Hz_sma3nz_amean")], 0.0f);
  EXPECT_EQ(f[index_of("VoicedSegmentsPerSec")], 0.0f);
  EXPECT_EQ(f[index_of("loudness_sma3_amean")], 0.0f);
  EXPECT_FLOAT_EQ(f[index_of("equivalentSoundLevel_dBp")], -200.0f);
  // One unvoiced segment spanning the pitch track.
  EXPECT_GT(f[index_of("MeanUnvoicedSegmentLength")], 2.8f);
}

TEST(Egemaps, UnvoicedNoiseHasNoPitchButDefinedFunctionals) {
  Egemaps e(kRate);
  const auto noise = test::white_noise(3 * kRate, 0.3);
  const auto f = functionals_of(e, noise);
  expect_all_finite(f);
  for (const char* name : {"F0semitoneFrom27.5Hz_sma3nz_amean", "F0semitoneFrom27.5Hz_sma3nz_meanRisingSlope",
                           "jitterLocal_sma3nz_amean", "HNRdBACF_sma3nz_amean", "VoicedSegmentsPerSec",
                           "MeanVoicedSegmentLengthSec", "mfcc1V_sma3nz_amean"}) {
    EXPECT_EQ(f[index_of(name)], 0.0f) << name;
  }
  EXPECT_GT(f[index_of("loudness_sma3_amean")], 0.1f);
  EXPECT_NE(f[index_of("alphaRatioUV_sma3nz_amean")], 0.0f);
  // Every pitch frame unvoiced: the formant amplitudes hold openSMILE's -201 dB.
  EXPECT_FLOAT_EQ(f[index_of("F1amplitudeLogRelF0_sma3nz_amean")], -201.0f);
}

TEST(Egemaps, ShorterThanAFrameIsPaddedToOne) {
  Egemaps e(kRate);
  const auto tone = test::sine(100, 220.0, kRate, 0.5);
  const auto f = functionals_of(e, tone);
  expect_all_finite(f);
  Matrix d;
  e.compute_descriptors(tone, d);
  EXPECT_EQ(d.rows(), Egemaps::kDescriptors);
  EXPECT_EQ(d.cols(), Egemaps::frames_for(100, kRate));
  EXPECT_EQ(d.cols(), 6u);  // 70 ms: 20 ms frames every 10 ms
  for (float v : d.storage()) EXPECT_TRUE(std::isfinite(v));
}

TEST(Egemaps, NonFiniteSamplesAreRefusedNamingTheSample) {
  Egemaps e(kRate);
  std::vector<float> y(4000, 0.1f);
  y[1234] = std::numeric_limits<float>::quiet_NaN();
  Matrix out;
  try {
    e.compute_functionals(y, out);
    FAIL() << "NaN accepted";
  } catch (const ParameterError& err) {
    EXPECT_NE(std::string(err.what()).find("audio sample 1234 is NaN"), std::string::npos) << err.what();
  }
  y[1234] = std::numeric_limits<float>::infinity();
  EXPECT_THROW(e.compute_descriptors(y, out), ParameterError);
  EXPECT_THROW(e.compute_functionals(FloatSpan(), out), ParameterError);
}

// A steady vowel of known F0 and level: F0 in semitones, one voiced segment, a high HNR, jitter
// near 0, formants where the resonators are.
TEST(Egemaps, SyntheticVowelHasItsPitchAndFormants) {
  Egemaps e(kRate);
  const double f0 = 200.0;
  const auto y = test::vowel(2 * kRate, f0, kRate, 0.5, {700.0, 1200.0, 2600.0});
  const auto f = functionals_of(e, y);
  expect_all_finite(f);
  EXPECT_NEAR(f[index_of("F0semitoneFrom27.5Hz_sma3nz_amean")], 12.0 * std::log2(f0 / 27.5), 0.1);
  EXPECT_LT(f[index_of("F0semitoneFrom27.5Hz_sma3nz_stddevNorm")], 0.005);
  EXPECT_NEAR(f[index_of("VoicedSegmentsPerSec")], 1.0 / 1.93, 0.05);
  // A perfectly periodic signal: HNR as high as the 60 ms Gaussian frame's autocorrelation allows.
  EXPECT_GT(f[index_of("HNRdBACF_sma3nz_amean")], 10.0f);
  EXPECT_LT(f[index_of("jitterLocal_sma3nz_amean")], 0.005f);
  EXPECT_LT(f[index_of("shimmerLocaldB_sma3nz_amean")], 0.2f);
  // eGeMAPS roots openSMILE's polynomial (formants.h: coefficient_scale), which finds F1 and F3
  // of this vowel but puts F2 at 1500 Hz, between the resonators; the textbook tracker's accuracy
  // is tested in test_voice_quality.cc.
  EXPECT_NEAR(f[index_of("F1frequency_sma3nz_amean")], 700.0, 70.0);
  EXPECT_GT(f[index_of("F2frequency_sma3nz_amean")], f[index_of("F1frequency_sma3nz_amean")]);
  EXPECT_NEAR(f[index_of("F3frequency_sma3nz_amean")], 2600.0, 260.0);
  // Doubling the amplitude adds 6 dB to the equivalent sound level.
  std::vector<float> louder(y);
  for (float& v : louder) v *= 2.0f;
  EXPECT_NEAR(functionals_of(e, louder)[index_of("equivalentSoundLevel_dBp")] - f[index_of("equivalentSoundLevel_dBp")],
              20.0 * std::log10(2.0), 1e-3);
}

// The pitch track alone (the voicing rescue's, vad/voiced_speech.h) is the full analysis's, and
// leaves the last full analysis as it was.
TEST(Egemaps, PitchAloneIsTheAnalysissPitch) {
  Egemaps e(kRate);
  auto y = test::vowel(kRate, 150.0, kRate, 0.5, {700.0, 1200.0, 2600.0});
  const auto tail = test::white_noise(kRate / 2, 0.05, 4);  // an unvoiced stretch after the vowel
  y.insert(y.end(), tail.begin(), tail.end());
  const EgemapsAnalysis full = e.analyse(y);
  const auto other = test::vowel(kRate, 240.0, kRate, 0.5, {500.0, 1500.0, 2500.0});
  const EgemapsPitch& pitch = e.analyse_pitch(y);
  EXPECT_EQ(pitch.frames(), full.pitch_frames);
  EXPECT_EQ(pitch.voiced, std::vector<unsigned char>(full.voiced.begin(), full.voiced.begin() + full.pitch_frames));
  EXPECT_EQ(pitch.f0_hz, std::vector<float>(full.f0_hz.begin(), full.f0_hz.begin() + full.pitch_frames));
  EXPECT_GT(std::count(full.voiced.begin(), full.voiced.end(), 1), 50);
  EXPECT_GT(std::count(full.voiced.begin(), full.voiced.end(), 0), 20);
  // Neither last() nor the next full analysis remembers the pitch-only one.
  e.analyse_pitch(other);
  EXPECT_EQ(e.last().f0_hz, full.f0_hz);
  Matrix again, fresh;
  e.compute_functionals(y, again);
  Egemaps(kRate).compute_functionals(y, fresh);
  EXPECT_EQ(std::vector<float>(again.data(), again.data() + again.size()),
            std::vector<float>(fresh.data(), fresh.data() + fresh.size()));
  std::vector<float> bad(4000, 0.1f);
  bad[7] = std::numeric_limits<float>::infinity();
  EXPECT_THROW(e.analyse_pitch(bad), ParameterError);
}

// The textbook formants (EgemapsFormants::Lpc, the spec's egemaps_formants "lpc") find all three
// resonators of the vowel, F2 included; the spec field round-trips and is checked.
TEST(Egemaps, TextbookFormantsFindTheResonators) {
  Egemaps e(kRate, EgemapsFormants::Lpc);
  const auto y = test::vowel(2 * kRate, 200.0, kRate, 0.5, {700.0, 1200.0, 2600.0});
  const auto f = functionals_of(e, y);
  expect_all_finite(f);
  EXPECT_NEAR(f[index_of("F1frequency_sma3nz_amean")], 700.0, 70.0);
  EXPECT_NEAR(f[index_of("F2frequency_sma3nz_amean")], 1200.0, 120.0);
  EXPECT_NEAR(f[index_of("F3frequency_sma3nz_amean")], 2600.0, 260.0);
  const FeatureSpec lpc = FeatureSpec::preset("egemaps-level-lpc");
  EXPECT_EQ(lpc.egemaps_formants, "lpc");
  EXPECT_EQ(FeatureSpec::from_json(lpc.to_json()), lpc);
  EXPECT_EQ(FeatureSpec::preset("egemaps").to_json().at("egemaps_formants"), "opensmile");
  auto j = lpc.to_json();
  j["egemaps_formants"] = "praat";
  EXPECT_THROW(FeatureSpec::from_json(j), ParameterError);
  // Through the Extractor, the spec's choice is the analysis's.
  Extractor x(lpc);
  FeatureSpec opensmile = lpc;
  opensmile.egemaps_formants = "opensmile";
  Extractor o(opensmile);
  const size_t f2 = index_of("F2frequency_sma3nz_amean");
  EXPECT_NEAR(x.compute(FloatSpan(y.data(), y.size()))(0, f2), 1200.0, 120.0);
  EXPECT_GT(std::abs(o.compute(FloatSpan(y.data(), y.size()))(0, f2) - 1200.0), 150.0);
}

// A spec written before the formants' scale (eGeMAPS, no egemaps_formants field) reads back as
// "negated" and is fed the features its model was trained on: the negated polynomial's (scale -1);
// it writes back as it was read. New specs name their convention.
TEST(Egemaps, SpecsWrittenBeforeTheFormantScaleKeepTheNegatedFormants) {
  auto old_json = FeatureSpec::preset("egemaps").to_json();
  old_json.erase("egemaps_formants");
  const FeatureSpec old_spec = FeatureSpec::from_json(old_json);
  EXPECT_EQ(old_spec.egemaps_formants, "negated");
  EXPECT_EQ(old_spec.to_json(), old_json);
  EXPECT_EQ(FeatureSpec::from_json(FeatureSpec::preset("egemaps").to_json()), FeatureSpec::preset("egemaps"));
  EXPECT_FALSE(FeatureSpec::preset("mfcc40").to_json().contains("egemaps_formants"));

  const auto y = test::vowel(kRate, 150.0, kRate, 0.3, {500.0, 1500.0, 2500.0});
  const size_t f1_bandwidth = index_of("F1bandwidth_sma3nz_amean");
  Egemaps negated(kRate, EgemapsFormants::OpenSmile, -1.0);
  const auto expected = functionals_of(negated, y);
  const Matrix got = Extractor(old_spec).compute(y);
  for (size_t i = 0; i < Egemaps::kFunctionals; ++i) EXPECT_EQ(got(0, i), expected[i]) << i;
  const Matrix now = Extractor(FeatureSpec::preset("egemaps")).compute(y);
  EXPECT_NE(now(0, f1_bandwidth), got(0, f1_bandwidth));
}

TEST(Egemaps, FormantScaleOutsideItsRangeIsRefusedWhateverTheKind) {
  for (auto kind : {EgemapsFormants::OpenSmile, EgemapsFormants::Lpc}) {
    for (double scale : {0.0, 2.0, std::nan("")}) EXPECT_THROW(Egemaps(kRate, kind, scale), ParameterError) << scale;
  }
  EXPECT_NO_THROW(Egemaps(kRate, EgemapsFormants::OpenSmile, -1.0));
}

// The class runs on its own and through the Extractor with the same result.
TEST(Egemaps, ExtractorGivesTheSameFunctionalsAndDescriptors) {
  const auto y = test::vowel(kRate, 150.0, kRate, 0.3, {500.0, 1500.0, 2500.0});
  Egemaps e(kRate);
  Extractor vec(FeatureSpec::preset("egemaps"));
  const Matrix v = vec.compute(y);
  ASSERT_EQ(v.rows(), 1u);
  ASSERT_EQ(v.cols(), Egemaps::kFunctionals);
  EXPECT_EQ(std::vector<float>(v.data(), v.data() + v.size()), functionals_of(e, y));
  ASSERT_NE(vec.egemaps_analysis(), nullptr);
  EXPECT_EQ(vec.egemaps_analysis()->frames(), Egemaps::frames_for(y.size(), kRate));

  FeatureSpec lld = FeatureSpec::preset("egemaps-lld");
  Extractor seq(lld);
  const Matrix s = seq.compute(y);
  Matrix d;
  e.compute_descriptors(FloatSpan(y.data(), y.size()), d);
  // The preset pads a short span to its window (3 s) first; away from the end (where the pitch
  // track of the unpadded span stops) the frames are the same.
  EXPECT_EQ(s.rows(), Egemaps::kDescriptors);
  EXPECT_EQ(s.cols(), lld.frames_for(y.size()));
  for (size_t r = 0; r < s.rows(); ++r) {
    for (size_t t = 0; t + 8 < d.cols(); ++t) ASSERT_FLOAT_EQ(s(r, t), d(r, t)) << r << "," << t;
  }
}

// The voice parameters of a vowel of known F0 and level, and of silence.
TEST(VoiceParameters, SyntheticVowelOfKnownPitchAndLevel) {
  Egemaps e(kRate);
  const double f0 = 180.0;
  const auto y = test::vowel(2 * kRate, f0, kRate, 0.25, {700.0, 1200.0, 2600.0});
  const VoiceParameters v = voice_parameters(e.analyse(y));
  EXPECT_NEAR(v.f0_mean_hz, f0, 1.0);
  Matrix f;
  e.compute_functionals(y, f);
  EXPECT_EQ(voice_parameters(f.data()).f0_mean_hz, v.f0_mean_hz);  // the functionals alone suffice
  EXPECT_NEAR(v.f0_mean_semitones, 12.0 * std::log2(f0 / 27.5), 0.1);
  EXPECT_LT(v.f0_range_semitones, 0.1);
  EXPECT_GT(v.voiced_fraction, 0.95);
  EXPECT_LT(v.jitter_percent, 0.5);
  EXPECT_GT(v.hnr_db, 10.0);
  double ms = 0.0;
  for (float s : y) ms += double(s) * s;
  EXPECT_NEAR(v.level_db, 10.0 * std::log10(ms / double(y.size())), 0.1);
  EXPECT_GT(v.loudness, 0.0);
  const auto fields = voice_parameter_fields(v);
  ASSERT_EQ(fields.size(), 10u);
  EXPECT_EQ(fields[0].first, "f0-mean-hz");
  EXPECT_EQ(voice_parameter_fields(v, true)[0].first, "f0_mean_hz");

  const VoiceParameters s = voice_parameters(e.analyse(std::vector<float>(kRate, 0.0f)));
  EXPECT_EQ(s.f0_mean_hz, 0.0);
  EXPECT_EQ(s.voiced_fraction, 0.0);
  EXPECT_EQ(s.jitter_percent, 0.0);
  EXPECT_DOUBLE_EQ(s.level_db, -200.0);
}

TEST(Egemaps, SpecsNameTheirFeatures) {
  const FeatureSpec v = FeatureSpec::preset("egemaps");
  EXPECT_EQ(v.feature_dim(), 88u);
  EXPECT_TRUE(v.has_named_features());
  EXPECT_EQ(v.feature_names(), egemaps_functional_names());
  const FeatureSpec s = FeatureSpec::preset("egemaps-lld");
  EXPECT_EQ(s.feature_dim(), 25u);
  EXPECT_EQ(s.feature_names(), egemaps_descriptor_names());
  EXPECT_EQ(FeatureSpec::from_json(s.to_json()), s);
  EXPECT_FALSE(FeatureSpec::preset("mfcc40").has_named_features());
  EXPECT_TRUE(FeatureSpec::preset("mfcc40").feature_names().empty());
  // A mixed vector: eGeMAPS named, the rest indexed.
  FeatureSpec mixed = FeatureSpec::preset("issa193");
  mixed.features = {"mfcc", "egemaps"};
  mixed.validate();
  const auto names = mixed.feature_names();
  ASSERT_EQ(names.size(), 40u + 88u);
  EXPECT_EQ(names[0], "mfcc[0]");
  EXPECT_EQ(names[40], "F0semitoneFrom27.5Hz_sma3nz_amean");
  // eGeMAPS needs 16 kHz or more.
  FeatureSpec low = v;
  low.sample_rate = 8000;
  EXPECT_THROW(low.validate(), ParameterError);
}

}  // namespace
}  // namespace ser::features
