// Classifier::classify_audio: features by features::Extractor, then the network. Registered in
// tests/lib/meson.build once the Extractor implementation is on main (with classifier_audio.cc).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <thread>

#include "common/error.h"
#include "features/extractor.h"
#include "nn/classifier.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

// A voiced-sounding test signal: a few harmonics of `f0` and some noise, at 16 kHz.
std::vector<float> tone(double seconds, double f0, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.01f);
  std::vector<float> y(static_cast<size_t>(seconds * 16000));
  for (size_t n = 0; n < y.size(); ++n) {
    const double t = static_cast<double>(n) / 16000.0;
    double v = 0;
    for (int h = 1; h <= 4; ++h) v += 0.2 / h * std::sin(2 * M_PI * f0 * h * t);
    y[n] = static_cast<float>(v) + noise(rng);
  }
  return y;
}

TEST(ClassifierAudio, EqualsTheFeaturePathWindowByWindow) {
  for (const char* arch : {"mfcc_cnn", "logmel_cnn", "issa1d"}) {
    SCOPED_TRACE(arch);
    const auto info = test::make_info(arch, test::natural_preset(arch), 5);
    const Classifier c(test::write_bundle(std::string(arch) + "-audio.sermodel", info), test::on_cpu());
    const std::vector<std::vector<float>> audio{tone(3.0, 140, 1), tone(3.0, 220, 2), tone(1.0, 180, 3)};
    std::vector<FloatSpan> windows(audio.begin(), audio.end());
    const Matrix p = c.classify_audio(windows);
    ASSERT_EQ(p.rows(), 3u);
    ASSERT_EQ(p.cols(), 5u);
    features::Extractor extractor(info.features);
    for (size_t i = 0; i < audio.size(); ++i) {
      const Matrix expected = c.classify(extractor.compute(windows[i]));
      // Within float rounding: a batch of windows and a lone window may take different kernels of
      // libtorch's convolutions (on an AVX-512 machine the 1 s window of this batch differs by
      // 1.2e-6), so the sums are not bit for bit the same.
      for (size_t k = 0; k < 5; ++k) EXPECT_NEAR(p(i, k), expected(0, k), 1e-5) << "window " << i;
    }
  }
}

TEST(ClassifierAudio, BadAudioIsAParameterError) {
  const Classifier c(test::write_small_bundle("audio-errors.sermodel"), test::on_cpu());
  std::vector<float> empty;
  EXPECT_THROW(c.classify_audio({FloatSpan(empty)}), ParameterError);
  auto y = tone(3.0, 200, 4);
  y[100] = std::nanf("");
  EXPECT_THROW(c.classify_audio({FloatSpan(y)}), ParameterError);
  // The pool survives a failed call.
  const auto ok = tone(3.0, 200, 5);
  EXPECT_EQ(c.classify_audio({FloatSpan(ok)}).rows(), 1u);
}

TEST(ClassifierAudio, SharedByManyThreads) {
  const Classifier c(test::write_small_bundle("audio-threads.sermodel"), test::on_cpu());
  std::vector<std::vector<float>> audio;
  for (int i = 0; i < 4; ++i) audio.push_back(tone(3.0, 120 + 40 * i, 10 + i));
  std::vector<Matrix> expected;
  for (const auto& a : audio) expected.push_back(c.classify_audio({FloatSpan(a)}));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        const size_t i = static_cast<size_t>(t + round) % audio.size();
        const Matrix p = c.classify_audio({FloatSpan(audio[i])});
        for (size_t k = 0; k < p.cols(); ++k) {
          if (std::abs(p(0, k) - expected[i](0, k)) > 1e-6) ++mismatches;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace ser::nn
