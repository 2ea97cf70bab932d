#include "train/augment/audio_augmentation.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "dsp/resample.h"

namespace ser::train {
namespace {

constexpr double kPi = 3.14159265358979323846;

double uniform(data::Rng& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

double mean_square(FloatSpan y) {
  double sum = 0.0;
  for (float v : y) sum += double(v) * v;
  return y.empty() ? 0.0 : sum / double(y.size());
}

}  // namespace

double uniform01(data::Rng& rng) { return double(rng.next() >> 11) * 0x1.0p-53; }

AugmentDraw draw_augmentation(const AudioAugmentParams& params, int sample_rate, data::Rng& rng) {
  AugmentDraw d;
  if (params.speed()) d.speed = params.speeds[rng.below(params.speeds.size())];
  if (params.shift()) {
    const double seconds = uniform(rng, -params.shift_max_seconds, params.shift_max_seconds);
    d.shift_samples = std::lround(seconds * sample_rate);
  }
  if (params.gain()) d.gain_db = uniform(rng, params.gain_min_db, params.gain_max_db);
  if (params.noise) d.snr_db = uniform(rng, params.snr_min_db, params.snr_max_db);
  return d;
}

void gaussian_noise(size_t n, data::Rng& rng, std::vector<float>& out) {
  out.resize(n);
  for (size_t i = 0; i < n; i += 2) {
    // 1 - u is in (0, 1], so the logarithm is finite.
    const double r = std::sqrt(-2.0 * std::log(1.0 - uniform01(rng)));
    const double theta = 2.0 * kPi * uniform01(rng);
    out[i] = static_cast<float>(r * std::cos(theta));
    if (i + 1 < n) out[i + 1] = static_cast<float>(r * std::sin(theta));
  }
}

void apply_gain_db(std::vector<float>& y, double gain_db) {
  const auto g = static_cast<float>(std::pow(10.0, gain_db / 20.0));
  for (float& v : y) v *= g;
}

void shift_audio(std::vector<float>& y, long samples, ShiftMode mode) {
  const long n = static_cast<long>(y.size());
  if (n == 0 || samples == 0) return;
  if (mode == ShiftMode::Circular) {
    const long k = ((samples % n) + n) % n;  // right rotation by k
    std::rotate(y.begin(), y.end() - k, y.end());
    return;
  }
  if (std::labs(samples) >= n) {
    std::fill(y.begin(), y.end(), 0.0f);
  } else if (samples > 0) {
    std::copy_backward(y.begin(), y.end() - samples, y.end());
    std::fill(y.begin(), y.begin() + samples, 0.0f);
  } else {
    std::copy(y.begin() - samples, y.end(), y.begin());
    std::fill(y.end() + samples, y.end(), 0.0f);
  }
}

void add_noise_at_snr(std::vector<float>& y, FloatSpan noise, double snr_db) {
  if (y.empty() || noise.empty()) return;
  const double p_signal = mean_square(y);
  // The noise as it will be added: repeated over y's length.
  double sum = 0.0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double v = noise[i % noise.size()];
    sum += v * v;
  }
  const double p_noise = sum / double(y.size());
  if (p_signal <= 0.0 || p_noise <= 0.0) return;
  const auto scale = static_cast<float>(std::sqrt(p_signal / (p_noise * std::pow(10.0, snr_db / 10.0))));
  for (size_t i = 0; i < y.size(); ++i) y[i] += scale * noise[i % noise.size()];
}

void mix_babble(const std::vector<std::vector<float>>& talkers, size_t n, std::vector<float>& out) {
  out.assign(n, 0.0f);
  for (const auto& t : talkers) {
    const double p = mean_square(t);
    if (t.empty() || p <= 0.0) continue;
    const auto scale = static_cast<float>(1.0 / std::sqrt(p));
    for (size_t i = 0; i < n; ++i) out[i] += scale * t[i % t.size()];
  }
}

AudioAugmenter::AudioAugmenter(int sample_rate) : sample_rate_(sample_rate) {
  if (sample_rate <= 0) throw ParameterError("AudioAugmenter: sample_rate must be > 0 Hz (got " + std::to_string(sample_rate) + ")");
}
AudioAugmenter::~AudioAugmenter() = default;
AudioAugmenter::AudioAugmenter(AudioAugmenter&&) noexcept = default;
AudioAugmenter& AudioAugmenter::operator=(AudioAugmenter&&) noexcept = default;

AugmentDraw AudioAugmenter::apply(std::vector<float>& y, const AudioAugmentParams& params, uint64_t seed,
                                  const std::vector<std::vector<float>>& babble_talkers) {
  data::Rng rng(seed);
  const AugmentDraw d = draw_augmentation(params, sample_rate_, rng);
  if (d.speed != 1.0) {
    // Played `speed` times faster: the samples, taken as recorded at rate x speed, resampled to
    // the rate (Ko et al., "Audio augmentation for speech recognition", Interspeech 2015).
    auto& r = resamplers_[d.speed];
    if (!r) r = std::make_unique<dsp::Resampler>(dsp::ResampleParams{sample_rate_ * d.speed, double(sample_rate_)});
    r->compute(FloatSpan(y), scratch_);
    y.swap(scratch_);
  }
  if (d.shift_samples != 0) shift_audio(y, d.shift_samples, params.shift_mode);
  if (d.gain_db != 0.0) apply_gain_db(y, d.gain_db);
  if (params.noise) {
    if (params.noise_kind == NoiseKind::White) {
      gaussian_noise(y.size(), rng, scratch_);
    } else {
      mix_babble(babble_talkers, y.size(), scratch_);
    }
    add_noise_at_snr(y, FloatSpan(scratch_), d.snr_db);
  }
  return d;
}

}  // namespace ser::train
