// seremotion: what augmentation a training run applies, as settings (the operations are in
// audio_augmentation.h and spec_augment.h, who gets them in augmentation_plan.h).
//
// Two kinds, both on training data only, after the split:
//   audio-level   each training file gets `copies` augmented copies besides itself; a copy is the
//                 file's audio with every enabled operation applied, in this order, each with a
//                 value drawn from its range by the copy's own seed:
//                   speed   resampled by a factor drawn from `speeds` (0.9 = slower and longer)
//                   shift   moved in time by up to shift_max_seconds either way
//                   gain    scaled by a gain drawn from [gain_min_db, gain_max_db]
//                   reverb  convolved with a synthetic room impulse response: a direct path,
//                           then exponentially decaying Gaussian noise of an RT60 drawn from
//                           [rt60_min, rt60_max] s at a direct-to-reverberant ratio drawn from
//                           [drr_min_db, drr_max_db]
//                   eq      a microphone or channel colouring: 1 to 4 peaking filters (centres
//                           log-uniform in 100 Hz to 6 kHz, gains within +-eq_max_db, Q in
//                           [0.7, 3]), and band limits: a high-pass at 20 Hz to
//                           eq_highpass_max_hz (300) and, every other copy, a low-pass between
//                           3 kHz and the Nyquist frequency, each of order eq_order (2: one
//                           biquad, 12 dB per octave; 4: two, 24 dB per octave, as a telephone
//                           line's or a small loudspeaker's band edges are steep)
//                   noise   white noise, coloured noise (a power spectrum falling as 1/f^beta,
//                           beta drawn from [0, 2]: white to brown, as a room's, a street's or
//                           a car's noise is), or babble (other training files mixed) added at
//                           an SNR drawn from [snr_min_db, snr_max_db]
//                   codec   a lossy codec (io/codec_roundtrip.h) drawn from `codecs`, at a bitrate
//                           log-uniform in [codec_min_bps, codec_max_bps] (clamped to the codec's)
//                 Copies are new training examples: their features are extracted (and cached)
//                 like the originals'.
//   SpecAugment   (Park et al., "SpecAugment: a simple data augmentation method for automatic
//                 speech recognition", Interspeech 2019, without time warping) time and frequency
//                 masks drawn afresh for every training batch on sequence features, after the
//                 normalisation, so a masked cell is 0 = the training mean.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ser::train {

enum class NoiseKind { White, Coloured, Babble };
enum class ShiftMode { Circular, Zero };

// "white", "coloured", "babble" / "circular", "zero"; the parsers throw ParameterError listing the names.
const char* noise_kind_name(NoiseKind kind);
NoiseKind parse_noise_kind(const std::string& name);
const char* shift_mode_name(ShiftMode mode);
ShiftMode parse_shift_mode(const std::string& name);

struct AudioAugmentParams {
  int copies = 1;                      // augmented copies per training file when an operation is on; in [0, 16]; default 1
  bool noise = false;                  // add noise; default false
  NoiseKind noise_kind = NoiseKind::White;  // white Gaussian, coloured Gaussian, or babble of other training files; default white
  int babble_talkers = 3;              // training files summed into one babble noise, of other speakers when there are; in [1, 8]; default 3
  double snr_min_db = 10.0;            // dB, in [-20, 80], <= snr_max_db; default 10
  double snr_max_db = 30.0;            // dB, in [-20, 80]; default 30
  double gain_min_db = 0.0;            // dB, in [-40, 40], <= gain_max_db; both 0: no gain; default 0
  double gain_max_db = 0.0;            // dB, in [-40, 40]; default 0
  double shift_max_seconds = 0.0;      // s, in [0, 10]; 0: no shift; default 0
  ShiftMode shift_mode = ShiftMode::Circular;  // what enters at the edge: the other end, or silence; default circular
  std::vector<double> speeds;          // factors, each in [0.5, 2]; empty: no speed change; default empty
  bool reverb = false;                 // synthetic room reverberation; default false
  double rt60_min = 0.2;               // s, in [0.05, 3], <= rt60_max; default 0.2
  double rt60_max = 0.8;               // s, in [0.05, 3]; default 0.8
  double drr_min_db = 0.0;             // direct-to-reverberant ratio, dB, in [-20, 40], <= drr_max_db; default 0
  double drr_max_db = 12.0;            // dB, in [-20, 40]; default 12
  bool eq = false;                     // random microphone/channel equalisation and band limits; default false
  double eq_max_db = 8.0;              // largest peaking gain or cut, dB, in (0, 24]; default 8
  double eq_highpass_max_hz = 300.0;   // highest high-pass cutoff, Hz, in [20, 1000]; default 300
  int eq_order = 2;                    // order of the band limits, 2 or 4; default 2
  std::vector<std::string> codecs;     // io/codec_roundtrip.h names; empty: none; default empty
  int codec_min_bps = 8000;            // bits/s, in [1000, 512000], <= codec_max_bps; default 8000
  int codec_max_bps = 32000;           // bits/s; default 32000

  bool gain() const { return gain_min_db != 0.0 || gain_max_db != 0.0; }
  bool shift() const { return shift_max_seconds > 0.0; }
  bool speed() const { return !speeds.empty(); }
  bool codec() const { return !codecs.empty(); }
  // Whether any copy is made: copies > 0 and at least one operation on.
  bool enabled() const { return copies > 0 && (noise || gain() || shift() || speed() || reverb || eq || codec()); }

  // Throws ParameterError naming the field and its range.
  void validate() const;
  nlohmann::json to_json() const;
};

struct SpecAugmentParams {
  int time_masks = 0;        // masks over time per example; in [0, 16]; 0: none; default 0
  int time_mask_frames = 10; // widest time mask, frames, in [1, 1000]; each width is drawn from [0, this]; default 10
  int freq_masks = 0;        // masks over bands per example; in [0, 16]; 0: none; default 0
  int freq_mask_bands = 8;   // widest frequency mask, bands, in [1, 1000]; default 8

  bool enabled() const { return time_masks > 0 || freq_masks > 0; }
  void validate() const;
  nlohmann::json to_json() const;
};

struct AugmentationParams {
  AudioAugmentParams audio;
  SpecAugmentParams spec;

  void validate() const;
  // {"audio": {...} or null when off, "spec_augment": {...} or null when off}: for reports.
  nlohmann::json to_json() const;
};

}  // namespace ser::train
