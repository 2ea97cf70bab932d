#include "vad/voiced_speech.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "common/error.h"
#include "features/egemaps/egemaps.h"

namespace ser::vad {
namespace {

// eGeMAPS's bands reach 8 kHz (egemaps.h): below 16 kHz, or above its top, nothing is analysed.
constexpr int kMinRate = 16000, kMaxRate = 192000;

// One analyser per thread and sample rate: its FFT plans and buffers are made once, and the
// callers (the element's windows, predict's files) need not carry one.
features::Egemaps& analyser(int sample_rate) {
  thread_local std::map<int, std::unique_ptr<features::Egemaps>> by_rate;
  auto& slot = by_rate[sample_rate];
  if (!slot) slot = std::make_unique<features::Egemaps>(sample_rate);
  return *slot;
}

VoicingSummary summarise(const features::EgemapsPitch& p) {
  VoicingSummary s;
  const std::size_t n = p.frames();
  if (n == 0) return s;
  double sum = 0.0, sum_sq = 0.0;
  std::size_t voiced = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (!p.voiced[t] || p.f0_hz[t] <= 0.0f) continue;
    if (t == 0 || !p.voiced[t - 1]) ++s.voiced_stretches;
    const double st = 12.0 * std::log2(p.f0_hz[t] / 27.5);
    sum += st;
    sum_sq += st * st;
    ++voiced;
  }
  s.voiced_share = double(voiced) / double(n);
  if (voiced > 1) {
    const double mean = sum / double(voiced);
    s.f0_sd_semitones = std::sqrt(std::max(0.0, sum_sq / double(voiced) - mean * mean));
  }
  return s;
}

}  // namespace

VoicingSummary summarise_voicing(FloatSpan samples, int sample_rate) {
  if (samples.size() == 0 || sample_rate < kMinRate || sample_rate > kMaxRate) return {};
  try {
    return summarise(analyser(sample_rate).analyse_pitch(samples));
  } catch (const ParameterError&) {
    return {};  // samples eGeMAPS refuses (NaN, infinite, out of range): nothing is heard as voiced
  }
}

bool sounds_like_voiced_speech(const VoicingSummary& v, const VoicedSpeechRule& rule) {
  return v.voiced_share >= rule.min_voiced_share && v.voiced_share <= rule.max_voiced_share &&
         v.voiced_stretches >= rule.min_voiced_stretches && v.f0_sd_semitones >= rule.min_f0_sd_semitones;
}

}  // namespace ser::vad
