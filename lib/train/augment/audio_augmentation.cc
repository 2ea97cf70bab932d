#include "train/augment/audio_augmentation.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "dsp/biquad.h"
#include "dsp/convolve.h"
#include "dsp/fft_f64.h"
#include "dsp/resample.h"
#include "io/codec_roundtrip.h"

namespace ser::train {
namespace {

constexpr double kPi = 3.14159265358979323846;

double uniform(data::Rng& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

double mean_square(FloatSpan y) {
  double sum = 0.0;
  for (float v : y) sum += double(v) * v;
  return y.empty() ? 0.0 : sum / double(y.size());
}

// The draw's high- and low-pass: one Butterworth biquad each for order 2; for order 4 two, whose
// qualities 1 / (2 cos(pi/8)) and 1 / (2 cos(3pi/8)) make a fourth-order Butterworth response.
void band_limit(std::vector<float>& y, const AugmentDraw& d, int sample_rate, int order) {
  const std::vector<double> qs = order == 4 ? std::vector<double>{0.5411961001461969, 1.3065629648763766}
                                            : std::vector<double>{0.7071067811865476};
  for (double q : qs) {
    if (d.highpass_hz > 0.0) dsp::Biquad::highpass(sample_rate, d.highpass_hz, q).apply(y);
    if (d.lowpass_hz > 0.0) dsp::Biquad::lowpass(sample_rate, d.lowpass_hz, q).apply(y);
  }
}

}  // namespace

AugmentDraw draw_augmentation(const AudioAugmentParams& params, int sample_rate, data::Rng& rng) {
  AugmentDraw d;
  if (params.speed()) d.speed = params.speeds[rng.below(params.speeds.size())];
  if (params.shift()) {
    const double seconds = uniform(rng, -params.shift_max_seconds, params.shift_max_seconds);
    d.shift_samples = std::lround(seconds * sample_rate);
  }
  if (params.gain()) d.gain_db = uniform(rng, params.gain_min_db, params.gain_max_db);
  if (params.noise) d.snr_db = uniform(rng, params.snr_min_db, params.snr_max_db);
  if (params.noise && params.noise_kind == NoiseKind::Coloured) d.noise_beta = uniform(rng, 0.0, 2.0);
  if (params.reverb) {
    d.rt60 = uniform(rng, params.rt60_min, params.rt60_max);
    d.drr_db = uniform(rng, params.drr_min_db, params.drr_max_db);
  }
  if (params.eq) {
    const double nyquist = sample_rate / 2.0;
    const size_t bands = 1 + rng.below(4);
    for (size_t b = 0; b < bands; ++b) {
      EqBand band;
      band.freq = std::min(100.0 * std::pow(60.0, uniform01(rng)), 0.9 * nyquist);  // 100 Hz to 6 kHz
      band.gain_db = uniform(rng, -params.eq_max_db, params.eq_max_db);
      band.q = uniform(rng, 0.7, 3.0);
      d.eq.push_back(band);
    }
    // Kept under 0.9 of the Nyquist frequency, where a biquad's response is still well defined.
    d.highpass_hz = uniform(rng, 20.0, std::min(params.eq_highpass_max_hz, 0.9 * nyquist));
    if (rng.below(2) == 1) d.lowpass_hz = uniform(rng, std::min(3000.0, 0.9 * nyquist), 0.95 * nyquist);
  }
  if (params.codec()) {
    d.codec = params.codecs[rng.below(params.codecs.size())];
    const double lo = params.codec_min_bps, hi = params.codec_max_bps;
    d.codec_bps = static_cast<int>(std::lround(lo * std::pow(hi / lo, uniform01(rng))));
  }
  return d;
}

std::vector<float> room_impulse_response(int sample_rate, double rt60, double drr_db, data::Rng& rng) {
  const size_t n = std::max<size_t>(2, static_cast<size_t>(std::min(rt60, 1.0) * sample_rate));
  const size_t onset = std::min(n - 1, static_cast<size_t>(0.0025 * sample_rate));
  std::vector<float> h(n, 0.0f);
  gaussian_noise(n - onset, rng, h);
  h.resize(n - onset);
  // An envelope of exp(-6.9078 t / rt60) is 60 dB down at rt60 (20 log10 e^-6.9078 = -60).
  double tail_energy = 0.0;
  for (size_t i = 0; i < h.size(); ++i) {
    h[i] *= static_cast<float>(std::exp(-6.907755 * double(i + onset) / (rt60 * sample_rate)));
    tail_energy += double(h[i]) * h[i];
  }
  const double scale = tail_energy > 0 ? std::sqrt(std::pow(10.0, -drr_db / 10.0) / tail_energy) : 0.0;
  std::vector<float> out(n, 0.0f);
  out[0] = 1.0f;
  for (size_t i = 0; i < h.size(); ++i) out[onset + i] = static_cast<float>(h[i] * scale);
  return out;
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

void coloured_noise(size_t n, double beta, int sample_rate, data::Rng& rng, std::vector<float>& out) {
  if (!(beta >= 0.0 && beta <= 2.0)) throw ParameterError("coloured_noise: beta must be in [0, 2] (got " + std::to_string(beta) + ")");
  if (n == 0) {
    out.clear();
    return;
  }
  size_t size = 2;
  while (size < n) size <<= 1;
  gaussian_noise(size, rng, out);
  dsp::RealFftF64 fft(static_cast<int>(size));
  std::copy(out.begin(), out.end(), fft.real());
  fft.forward();
  constexpr double kFloorHz = 50.0;
  fft.spectrum()[0] = 0.0;
  for (size_t k = 1; k <= size / 2; ++k) {
    const double f = std::max(double(k) * sample_rate / double(size), kFloorHz);
    fft.spectrum()[k] *= std::pow(f / kFloorHz, -beta / 2.0);
  }
  fft.inverse();
  double sum = 0.0;
  for (size_t i = 0; i < size; ++i) sum += fft.real()[i] * fft.real()[i];
  const double scale = sum > 0.0 ? 1.0 / std::sqrt(sum / double(size)) : 0.0;
  out.resize(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(fft.real()[i] * scale);
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
  if (d.rt60 > 0.0) {
    // Its own generator, so that the white noise below is the same with or without reverberation.
    data::Rng room(seed ^ 0x9e3779b97f4a7c15ULL);
    const std::vector<float> h = room_impulse_response(sample_rate_, d.rt60, d.drr_db, room);
    y = dsp::convolve(FloatSpan(y), FloatSpan(h));
  }
  for (const EqBand& b : d.eq) dsp::Biquad::peaking(sample_rate_, b.freq, b.gain_db, b.q).apply(y);
  band_limit(y, d, sample_rate_, params.eq_order);
  if (d.gain_db != 0.0) apply_gain_db(y, d.gain_db);
  if (params.noise) {
    if (params.noise_kind == NoiseKind::White) {
      gaussian_noise(y.size(), rng, scratch_);
    } else if (params.noise_kind == NoiseKind::Coloured) {
      coloured_noise(y.size(), d.noise_beta, sample_rate_, rng, scratch_);
    } else {
      mix_babble(babble_talkers, y.size(), scratch_);
    }
    add_noise_at_snr(y, FloatSpan(scratch_), d.snr_db);
  }
  if (!d.codec.empty()) y = io::codec_roundtrip(FloatSpan(y), sample_rate_, io::parse_codec(d.codec), d.codec_bps);
  return d;
}

}  // namespace ser::train
