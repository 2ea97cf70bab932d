// seremotion: the audio-level augmentations (augmentation_params.h), one copy of one file at a time.
//
// Everything a copy looks like follows from its seed: draw_augmentation() takes the values
// (speed factor, shift, gain, SNR) from a data::Rng seeded with it, in that fixed order, and the
// white noise continues from the same generator. So a copy is the same on every run and every
// platform, and its features can be cached under its seed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <memory>
#include <vector>

#include "common/span.h"
#include "data/rng.h"
#include "train/augment/augmentation_params.h"

namespace ser::dsp {
class Resampler;
}

namespace ser::train {

// One peaking filter of an equalisation draw.
struct EqBand {
  double freq = 1000.0;  // Hz
  double gain_db = 0.0;
  double q = 1.0;
};

// The values one copy was given; the neutral value where an operation is off.
struct AugmentDraw {
  double speed = 1.0;      // resampling factor
  long shift_samples = 0;  // > 0: later (the audio moves right)
  double gain_db = 0.0;
  double snr_db = 0.0;     // meaningful when params.noise
  double noise_beta = 0.0;   // the coloured noise's spectral exponent (0 white, 1 pink, 2 brown)
  double rt60 = 0.0;       // s; 0: no reverberation
  double drr_db = 0.0;
  std::vector<EqBand> eq;  // empty: no peaking filters
  double highpass_hz = 0.0;  // 0: none
  double lowpass_hz = 0.0;   // 0: none
  std::string codec;         // "": none
  int codec_bps = 0;
};

// A synthetic room impulse response at `sample_rate`: 1 at t = 0 (the direct path), then from
// 2.5 ms Gaussian noise decaying by 60 dB in rt60 seconds, scaled so that the direct path's energy
// over the tail's is drr_db; as long as rt60 (at most 1 s). Its noise comes from `rng`.
std::vector<float> room_impulse_response(int sample_rate, double rt60, double drr_db, data::Rng& rng);

// The draw for `seed`, leaving `rng` where the noise samples continue.
AugmentDraw draw_augmentation(const AudioAugmentParams& params, int sample_rate, data::Rng& rng);

// n samples of Gaussian noise of unit variance (Box-Muller on uniform01 draws).
void gaussian_noise(size_t n, data::Rng& rng, std::vector<float>& out);

// n samples of Gaussian noise whose power spectrum falls as 1/f^beta from 50 Hz up and is flat
// under it (so that brown noise's power is not all spent below the voice); beta in [0, 2]. Made
// periodic over the next power of two (shaped in one FFT), then cut to n.
void coloured_noise(size_t n, double beta, int sample_rate, data::Rng& rng, std::vector<float>& out);

// y *= 10^(gain_db / 20).
void apply_gain_db(std::vector<float>& y, double gain_db);
// Moves the audio by `samples` (positive: later); circular wraps it around, zero lets silence in.
void shift_audio(std::vector<float>& y, long samples, ShiftMode mode);
// y += s * noise, noise repeated to cover y, s chosen so that 10 log10(P_y / P_(s noise)) = snr_db
// with P the mean square. Silent y or silent noise leave y as it is (no SNR can be had).
void add_noise_at_snr(std::vector<float>& y, FloatSpan noise, double snr_db);
// Babble: the talkers, each scaled to unit mean square and repeated to n samples, summed.
void mix_babble(const std::vector<std::vector<float>>& talkers, size_t n, std::vector<float>& out);

// Applies a copy's augmentation to decoded audio. Keeps one resampler per speed factor, so a
// thread makes each filter once. Not thread-safe: one per thread.
class AudioAugmenter {
 public:
  explicit AudioAugmenter(int sample_rate);
  ~AudioAugmenter();
  AudioAugmenter(AudioAugmenter&&) noexcept;
  AudioAugmenter& operator=(AudioAugmenter&&) noexcept;

  // y <- the copy of y that `seed` gives (speed, shift, gain, noise). `babble_talkers` holds the
  // decoded audio of the babble files when params.noise_kind is Babble (ignored otherwise).
  // Returns the draw.
  AugmentDraw apply(std::vector<float>& y, const AudioAugmentParams& params, uint64_t seed,
                    const std::vector<std::vector<float>>& babble_talkers);

 private:
  int sample_rate_;
  std::map<double, std::unique_ptr<dsp::Resampler>> resamplers_;
  std::vector<float> scratch_;
};

}  // namespace ser::train
