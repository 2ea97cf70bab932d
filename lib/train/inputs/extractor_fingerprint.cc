// seremotion: the extractor's fingerprint (extractor_fingerprint.h).
#include "train/inputs/extractor_fingerprint.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "features/extractor.h"
#include "train/inputs/content_hash.h"

namespace ser::train {
namespace {

// Uniform noise in [-amplitude/2, amplitude/2) from a linear congruential generator.
float noise_sample(std::uint32_t& state, double amplitude) {
  state = state * 1664525u + 1013904223u;
  return static_cast<float>((static_cast<double>(state) / 4294967296.0 - 0.5) * amplitude);
}

// Appends a voice at 200 Hz with five harmonics in noise, whose pitch drops an octave for 20 ms
// in its middle, once per noise level: its voicing lies near the threshold, where the pitch
// track's smoothing decides (a change there moved eGeMAPS but not the rest of the probe).
void append_noisy_voices(std::vector<float>& y, int rate) {
  const size_t length = static_cast<size_t>(0.25 * rate);
  std::uint32_t state = 999u;
  for (double noise : {0.3, 0.4, 0.5, 0.6}) {
    double phase = 0.0;
    for (size_t i = 0; i < length; ++i) {
      const double t = static_cast<double>(i) / rate;
      phase += 2.0 * M_PI * (t > 0.12 && t < 0.14 ? 100.0 : 200.0) / rate;
      double v = 0.0;
      for (int h = 1; h <= 5; ++h) v += 0.2 / h * std::sin(h * phase);
      y.push_back(static_cast<float>(v) + noise_sample(state, noise));
    }
  }
}

// 2.25 s: 0.6 s of a voice at 140 Hz with vibrato and five harmonics, 0.25 s of silence, 0.4 s of
// noise, then four noisy voices (append_noisy_voices); deterministic, so every build hears the
// same samples.
std::vector<float> probe_signal(int rate) {
  const size_t n = static_cast<size_t>(1.25 * rate), voiced = static_cast<size_t>(0.6 * rate),
               quiet = static_cast<size_t>(0.85 * rate);
  std::vector<float> y(n, 0.0f);
  double phase = 0.0;
  for (size_t i = 0; i < voiced; ++i) {
    const double t = static_cast<double>(i) / rate;
    phase += 2.0 * M_PI * (140.0 + 8.0 * std::sin(2.0 * M_PI * 5.0 * t)) / rate;
    double v = 0.0;
    for (int h = 1; h <= 5; ++h) v += 0.2 / h * std::sin(h * phase);
    y[i] = static_cast<float>(v);
  }
  std::uint32_t state = 12345u;
  for (size_t i = quiet; i < n; ++i) y[i] = noise_sample(state, 0.1);
  append_noisy_voices(y, rate);
  return y;
}

std::string compute(const features::FeatureSpec& spec) {
  features::Extractor extractor(spec);
  const std::vector<float> y = probe_signal(spec.sample_rate);
  const Matrix m = extractor.compute(FloatSpan(y.data(), y.size()));
  const std::uint64_t h = hash_bytes(m.data(), m.size() * sizeof(float), m.rows() * 131 + m.cols());
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

}  // namespace

std::string extractor_fingerprint(const features::FeatureSpec& spec) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  const std::string key = spec.to_json().dump();
  std::lock_guard<std::mutex> lock(mutex);
  auto it = known.find(key);
  if (it == known.end()) it = known.emplace(key, compute(spec)).first;
  return it->second;
}

}  // namespace ser::train
