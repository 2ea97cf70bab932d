#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "dsp/biquad.h"
#include "lib/data/error_of.h"
#include "train/augment/audio_augmentation.h"
#include "train/augment/augmentation_params.h"
#include "train/augment/spec_augment.h"

namespace ser::train {
namespace {

using data::test::error_of;
using data::test::mentions;

std::vector<float> tone(size_t n, double freq = 440.0, int rate = 16000) {
  std::vector<float> y(n);
  for (size_t i = 0; i < n; ++i) y[i] = 0.5f * float(std::sin(2 * 3.14159265358979 * freq * double(i) / rate));
  return y;
}

double mean_square(const std::vector<float>& y) {
  double s = 0;
  for (float v : y) s += double(v) * v;
  return s / double(y.size());
}

TEST(AudioAugmentation, GainScalesByDecibels) {
  std::vector<float> y{1.0f, -0.5f, 0.25f};
  apply_gain_db(y, -20.0);
  EXPECT_FLOAT_EQ(y[0], 0.1f);
  EXPECT_FLOAT_EQ(y[1], -0.05f);
  EXPECT_FLOAT_EQ(y[2], 0.025f);
}

TEST(AudioAugmentation, ShiftWrapsOrLetsSilenceIn) {
  const std::vector<float> y{1, 2, 3, 4, 5};
  std::vector<float> a = y;
  shift_audio(a, 2, ShiftMode::Circular);
  EXPECT_EQ(a, (std::vector<float>{4, 5, 1, 2, 3}));
  a = y;
  shift_audio(a, -1, ShiftMode::Circular);
  EXPECT_EQ(a, (std::vector<float>{2, 3, 4, 5, 1}));
  a = y;
  shift_audio(a, 2, ShiftMode::Zero);
  EXPECT_EQ(a, (std::vector<float>{0, 0, 1, 2, 3}));
  a = y;
  shift_audio(a, -2, ShiftMode::Zero);
  EXPECT_EQ(a, (std::vector<float>{3, 4, 5, 0, 0}));
  a = y;
  shift_audio(a, 9, ShiftMode::Zero);
  EXPECT_EQ(a, (std::vector<float>(5, 0.0f)));
}

TEST(AudioAugmentation, NoiseIsAddedAtTheAskedSnr) {
  const std::vector<float> clean = tone(16000);
  data::Rng rng(3);
  std::vector<float> noise;
  gaussian_noise(5000, rng, noise);  // shorter than the signal: repeated
  for (double snr : {0.0, 10.0, 25.0}) {
    std::vector<float> y = clean;
    add_noise_at_snr(y, FloatSpan(noise), snr);
    std::vector<float> added(y.size());
    for (size_t i = 0; i < y.size(); ++i) added[i] = y[i] - clean[i];
    EXPECT_NEAR(10.0 * std::log10(mean_square(clean) / mean_square(added)), snr, 0.01) << snr;
  }
  std::vector<float> silent(100, 0.0f);
  add_noise_at_snr(silent, FloatSpan(noise), 10.0);
  EXPECT_EQ(silent, std::vector<float>(100, 0.0f));  // no SNR can be had: left alone
}

TEST(AudioAugmentation, GaussianNoiseHasUnitVarianceAndIsSeeded) {
  data::Rng a(11), b(11), c(12);
  std::vector<float> x, y, z;
  gaussian_noise(100001, a, x);
  gaussian_noise(100001, b, y);
  gaussian_noise(100001, c, z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(mean_square(x), 1.0, 0.02);
}

// The mean power in [lo, hi) Hz of y, by a DFT at every 10 Hz (slow, but the test is short).
double band_power(const std::vector<float>& y, double lo, double hi, int rate = 16000) {
  double sum = 0;
  int bins = 0;
  for (double f = lo; f < hi; f += 10.0, ++bins) {
    double re = 0, im = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      const double a = 2 * 3.14159265358979 * f * double(i) / rate;
      re += y[i] * std::cos(a);
      im -= y[i] * std::sin(a);
    }
    sum += re * re + im * im;
  }
  return sum / bins;
}

TEST(AudioAugmentation, ColouredNoiseFallsAsOneOverFToTheBeta) {
  // Power per hertz two octaves apart (200-400 Hz against 800-1600 Hz) differs by 4^beta: white
  // noise keeps it, pink noise divides it by 4, brown by 16 (within 2 dB over 8000 samples).
  for (double beta : {0.0, 1.0, 2.0}) {
    data::Rng rng(11);
    std::vector<float> n;
    coloured_noise(8000, beta, 16000, rng, n);
    ASSERT_EQ(n.size(), 8000u);
    EXPECT_NEAR(mean_square(n), 1.0, 0.15) << "beta " << beta;
    const double fall_db = 10 * std::log10(band_power(n, 200, 400) / band_power(n, 800, 1600));
    EXPECT_NEAR(fall_db, 10 * std::log10(std::pow(4.0, beta)), 2.0) << "beta " << beta;
  }
  data::Rng a(5), b(5);
  std::vector<float> x, y;
  coloured_noise(1000, 1.5, 16000, a, x);
  coloured_noise(1000, 1.5, 16000, b, y);
  EXPECT_EQ(x, y);
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { coloured_noise(10, 2.5, 16000, a, x); }), "beta"));
  coloured_noise(0, 1.0, 16000, a, x);
  EXPECT_TRUE(x.empty());
}

TEST(AudioAugmentation, BabbleTalkersAreMixedAtEqualPower) {
  const std::vector<std::vector<float>> talkers{std::vector<float>(10, 2.0f), std::vector<float>(4, -0.5f)};
  std::vector<float> out;
  mix_babble(talkers, 12, out);
  ASSERT_EQ(out.size(), 12u);
  for (float v : out) EXPECT_FLOAT_EQ(v, 0.0f);  // +1 and -1 after scaling each to unit power
}

TEST(AudioAugmentation, SpeedResamplesAndTheCopyFollowsItsSeed) {
  AudioAugmentParams p;
  p.speeds = {1.25};
  p.gain_min_db = -6;
  p.gain_max_db = 6;
  p.noise = true;
  AudioAugmenter aug(16000);
  std::vector<float> a = tone(16000), b = tone(16000), c = tone(16000);
  const AugmentDraw da = aug.apply(a, p, 42, {});
  aug.apply(b, p, 42, {});
  aug.apply(c, p, 43, {});
  EXPECT_EQ(da.speed, 1.25);
  EXPECT_EQ(a.size(), 12800u);  // ceil(16000 / 1.25): faster is shorter
  EXPECT_EQ(a, b);              // the same seed makes the same copy
  EXPECT_NE(a, c);
  EXPECT_GE(da.gain_db, -6.0);
  EXPECT_LE(da.gain_db, 6.0);
  EXPECT_GE(da.snr_db, p.snr_min_db);
  EXPECT_LE(da.snr_db, p.snr_max_db);
}

TEST(AudioAugmentation, DrawsStayInTheirRanges) {
  AudioAugmentParams p;
  p.shift_max_seconds = 0.5;
  p.speeds = {0.9, 1.1};
  p.gain_min_db = -3;
  p.gain_max_db = 0;
  p.noise = true;
  p.noise_kind = NoiseKind::Coloured;
  double beta_min = 2.0, beta_max = 0.0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    data::Rng rng(seed);
    const AugmentDraw d = draw_augmentation(p, 16000, rng);
    EXPECT_TRUE(d.speed == 0.9 || d.speed == 1.1);
    EXPECT_LE(std::labs(d.shift_samples), 8000);
    EXPECT_GE(d.gain_db, -3.0);
    EXPECT_LE(d.gain_db, 0.0);
    beta_min = std::min(beta_min, d.noise_beta);
    beta_max = std::max(beta_max, d.noise_beta);
  }
  // The coloured noise's exponent spans white to brown.
  EXPECT_GE(beta_min, 0.0);
  EXPECT_LT(beta_min, 0.1);
  EXPECT_LE(beta_max, 2.0);
  EXPECT_GT(beta_max, 1.9);
}

// The shipped recipe's draw for one seed, pinned: cached augmented copies and the results made
// from them stay valid only while white noise, the room, the equaliser, the gain and the codec draw
// the same numbers (coloured noise's exponent is drawn after them, and only for it).
TEST(AudioAugmentation, TheShippedRecipesDrawIsPinned) {
  AudioAugmentParams p;
  p.noise = true;
  p.snr_min_db = 20;
  p.snr_max_db = 40;
  p.gain_min_db = -10;
  p.gain_max_db = 10;
  p.reverb = true;
  p.eq = true;
  p.codecs = {"opus", "mp3", "gsm"};
  data::Rng rng(7);
  const AugmentDraw d = draw_augmentation(p, 16000, rng);
  EXPECT_DOUBLE_EQ(d.snr_db, 25.575024589475685);
  EXPECT_DOUBLE_EQ(d.gain_db, 4.0115296435937928);
  EXPECT_DOUBLE_EQ(d.rt60, 0.7037764771258519);
  EXPECT_DOUBLE_EQ(d.drr_db, 11.77317270017922);
  ASSERT_EQ(d.eq.size(), 1u);
  EXPECT_DOUBLE_EQ(d.eq[0].freq, 3563.8881903338388);
  EXPECT_DOUBLE_EQ(d.highpass_hz, 133.03782730870745);
  EXPECT_DOUBLE_EQ(d.lowpass_hz, 5490.2909532765661);
  EXPECT_EQ(d.codec, "mp3");
  EXPECT_EQ(d.codec_bps, 29404);
  EXPECT_EQ(rng.next(), 16248828569861257751ULL);  // where the white noise's samples start
}

TEST(AudioAugmentation, ChannelDrawsStayInTheirRanges) {
  AudioAugmentParams p;
  p.reverb = true;
  p.eq = true;
  p.codecs = {"opus", "gsm"};
  bool lowpassed = false, unlimited = false;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    data::Rng rng(seed);
    const AugmentDraw d = draw_augmentation(p, 16000, rng);
    EXPECT_GE(d.rt60, p.rt60_min);
    EXPECT_LE(d.rt60, p.rt60_max);
    EXPECT_GE(d.drr_db, p.drr_min_db);
    EXPECT_LE(d.drr_db, p.drr_max_db);
    EXPECT_GE(d.eq.size(), 1u);
    EXPECT_LE(d.eq.size(), 4u);
    for (const EqBand& b : d.eq) {
      EXPECT_GE(b.freq, 100.0);
      EXPECT_LE(b.freq, 6000.0);
      EXPECT_LE(std::fabs(b.gain_db), p.eq_max_db);
    }
    EXPECT_GE(d.highpass_hz, 20.0);
    EXPECT_LE(d.highpass_hz, 300.0);
    (d.lowpass_hz > 0 ? lowpassed : unlimited) = true;
    if (d.lowpass_hz > 0) {
      EXPECT_GE(d.lowpass_hz, 3000.0);
    }
    EXPECT_TRUE(d.codec == "opus" || d.codec == "gsm");
    EXPECT_GE(d.codec_bps, p.codec_min_bps);
    EXPECT_LE(d.codec_bps, p.codec_max_bps);
  }
  EXPECT_TRUE(lowpassed && unlimited);
}

// A fourth-order band limit cuts below its high-pass cutoff twice as steeply (in dB) as the
// default second-order one, from the same draw; the defaults leave the recipe's JSON (and so the
// feature cache's keys of earlier runs) as it was.
TEST(AudioAugmentation, FourthOrderBandLimitsAreSteeper) {
  AudioAugmentParams p;
  p.eq = true;
  p.eq_max_db = 0.01;  // the peaking filters all but flat
  EXPECT_EQ(p.to_json()["eq"], nlohmann::json({{"max_db", 0.01}}));
  p.eq_highpass_max_hz = 1000;
  uint64_t seed = 0;
  for (;; ++seed) {  // a draw with its high-pass above 700 Hz and no low-pass
    data::Rng rng(seed);
    const AugmentDraw d = draw_augmentation(p, 16000, rng);
    if (d.highpass_hz > 700 && d.lowpass_hz == 0) break;
  }
  auto level_db = [&](int order) {
    AudioAugmentParams q = p;
    q.eq_order = order;
    std::vector<float> y = tone(16000, 150.0);
    AudioAugmenter(16000).apply(y, q, seed, {});
    const std::vector<float> settled(y.begin() + 8000, y.end());
    return 10 * std::log10(mean_square(settled) / mean_square(tone(8000, 150.0)));
  };
  const double two = level_db(2), four = level_db(4);
  EXPECT_LT(two, -20.0);
  EXPECT_NEAR(four, 2 * two, 6.0) << "order 2: " << two << " dB, order 4: " << four << " dB";
  p.eq_order = 4;
  EXPECT_EQ(p.to_json()["eq"]["order"], 4);
  EXPECT_EQ(p.to_json()["eq"]["highpass_max_hz"], 1000.0);
}

// Order 2 is the equaliser as it always was: its peaking filters, then one Butterworth high-pass
// and low-pass, the same samples; and a high-pass maximum above what the sample rate allows is cut
// to 0.9 of the Nyquist frequency.
TEST(AudioAugmentation, SecondOrderBandLimitsAreTheCookbookBiquads) {
  AudioAugmentParams p;
  p.eq = true;
  for (uint64_t seed = 0; seed < 6; ++seed) {
    std::vector<float> y = tone(4000, 150.0), expected = tone(4000, 150.0);
    const AugmentDraw d = AudioAugmenter(16000).apply(y, p, seed, {});
    for (const EqBand& b : d.eq) dsp::Biquad::peaking(16000, b.freq, b.gain_db, b.q).apply(expected);
    dsp::Biquad::highpass(16000, d.highpass_hz).apply(expected);
    if (d.lowpass_hz > 0) dsp::Biquad::lowpass(16000, d.lowpass_hz).apply(expected);
    EXPECT_EQ(y, expected) << "seed " << seed;
  }
  p.eq_highpass_max_hz = 1000;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    data::Rng rng(seed);
    EXPECT_LE(draw_augmentation(p, 2000, rng).highpass_hz, 900.0);
  }
}

TEST(AudioAugmentation, RoomImpulseResponseHasItsRatioAndDecay) {
  data::Rng rng(5);
  const std::vector<float> h = room_impulse_response(16000, 0.5, 6.0, rng);
  ASSERT_EQ(h.size(), 8000u);
  EXPECT_EQ(h[0], 1.0f);
  double tail = 0, early = 0, late = 0;
  for (size_t i = 1; i < h.size(); ++i) tail += double(h[i]) * h[i];
  for (size_t i = 40; i < 840; ++i) early += double(h[i]) * h[i];
  for (size_t i = 4040; i < 4840; ++i) late += double(h[i]) * h[i];
  EXPECT_NEAR(10 * std::log10(1.0 / tail), 6.0, 1e-3);
  // 0.25 s later the energy is 30 dB down (60 dB per rt60), within the noise of 800 samples.
  EXPECT_NEAR(10 * std::log10(early / late), 30.0, 2.0);
}

TEST(AudioAugmentation, ChannelCopiesFollowTheirSeedAndKeepTheLength) {
  AudioAugmentParams p;
  p.reverb = true;
  p.eq = true;
  p.codecs = {"opus"};
  AudioAugmenter aug(16000);
  std::vector<float> a = tone(16000), b = tone(16000), c = tone(16000);
  const AugmentDraw da = aug.apply(a, p, 7, {});
  aug.apply(b, p, 7, {});
  aug.apply(c, p, 8, {});
  EXPECT_EQ(a.size(), 16000u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(da.codec, "opus");
  EXPECT_NE(a, tone(16000));
}

TEST(AugmentationParams, BadValuesAreErrorsNamingTheField) {
  struct Case {
    void (*set)(AugmentationParams&);
    const char* field;
  };
  const Case cases[] = {
      {[](AugmentationParams& a) { a.audio.copies = -1; }, "copies"},
      {[](AugmentationParams& a) { a.audio.snr_min_db = 20, a.audio.snr_max_db = 10; }, "snr_max_db"},
      {[](AugmentationParams& a) { a.audio.gain_min_db = -50; }, "gain_min_db"},
      {[](AugmentationParams& a) { a.audio.shift_max_seconds = -1; }, "shift_max_seconds"},
      {[](AugmentationParams& a) { a.audio.speeds = {3.0}; }, "speeds"},
      {[](AugmentationParams& a) { a.audio.babble_talkers = 0; }, "babble_talkers"},
      {[](AugmentationParams& a) { a.spec.time_masks = 17; }, "time_masks"},
      {[](AugmentationParams& a) { a.audio.rt60_min = 0.01; }, "rt60_min"},
      {[](AugmentationParams& a) { a.audio.drr_min_db = 30, a.audio.drr_max_db = 10; }, "drr_max_db"},
      {[](AugmentationParams& a) { a.audio.eq_max_db = 0; }, "eq_max_db"},
      {[](AugmentationParams& a) { a.audio.eq_highpass_max_hz = 5000; }, "eq_highpass_max_hz"},
      {[](AugmentationParams& a) { a.audio.eq_order = 3; }, "eq_order"},
      {[](AugmentationParams& a) { a.audio.codecs = {"aac"}; }, "aac"},
      {[](AugmentationParams& a) { a.audio.codec_min_bps = 100; }, "codec_min_bps"},
      {[](AugmentationParams& a) { a.spec.freq_mask_bands = 0; }, "freq_mask_bands"},
  };
  for (const auto& c : cases) {
    AugmentationParams a;
    c.set(a);
    EXPECT_TRUE(mentions(error_of<ParameterError>([&] { a.validate(); }), c.field));
  }
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { parse_noise_kind("pink"); }), "white, coloured, babble"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([] { parse_shift_mode("reflect"); }), "circular, zero"));
}

TEST(AugmentationParams, OffUnlessAnOperationIsOn) {
  AugmentationParams a;
  EXPECT_FALSE(a.audio.enabled());
  EXPECT_FALSE(a.spec.enabled());
  EXPECT_TRUE(a.to_json()["audio"].is_null());
  a.audio.noise = true;
  EXPECT_TRUE(a.audio.enabled());
  a.audio.copies = 0;
  EXPECT_FALSE(a.audio.enabled());
  AugmentationParams channel;
  channel.audio.eq = true;
  EXPECT_TRUE(channel.audio.enabled());
  EXPECT_TRUE(channel.to_json()["audio"].contains("eq"));
}

TEST(SpecAugment, MasksAreWithinTheirWidthsAndFollowTheSeed) {
  SpecAugmentParams p;
  p.time_masks = 2;
  p.time_mask_frames = 5;
  p.freq_masks = 1;
  p.freq_mask_bands = 3;
  const size_t bands = 8, frames = 20;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    std::vector<float> x(bands * frames, 1.0f), y = x;
    data::Rng a(seed), b(seed);
    spec_augment(x.data(), bands, frames, p, a);
    spec_augment(y.data(), bands, frames, p, b);
    EXPECT_EQ(x, y);
    // Masked frames (zero in every band) and masked bands (zero in every frame).
    size_t zero_frames = 0, zero_bands = 0;
    for (size_t t = 0; t < frames; ++t) {
      bool all = true;
      for (size_t k = 0; k < bands; ++k) all = all && x[k * frames + t] == 0.0f;
      zero_frames += all;
    }
    for (size_t k = 0; k < bands; ++k) {
      bool all = true;
      for (size_t t = 0; t < frames; ++t) all = all && x[k * frames + t] == 0.0f;
      zero_bands += all;
    }
    EXPECT_LE(zero_frames, 10u + (zero_bands == bands ? frames : 0));
    EXPECT_LE(zero_bands, 3u);
    // Every zero is inside a masked frame or band.
    for (size_t k = 0; k < bands; ++k) {
      for (size_t t = 0; t < frames; ++t) {
        if (x[k * frames + t] != 0.0f) continue;
        bool in_frame = true, in_band = true;
        for (size_t kk = 0; kk < bands; ++kk) in_frame = in_frame && x[kk * frames + t] == 0.0f;
        for (size_t tt = 0; tt < frames; ++tt) in_band = in_band && x[k * frames + tt] == 0.0f;
        EXPECT_TRUE(in_frame || in_band);
      }
    }
  }
}

}  // namespace
}  // namespace ser::train
