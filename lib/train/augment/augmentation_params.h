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
//                   noise   white noise or babble (other training files mixed) added at an SNR
//                           drawn from [snr_min_db, snr_max_db]
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

enum class NoiseKind { White, Babble };
enum class ShiftMode { Circular, Zero };

// "white", "babble" / "circular", "zero"; the parsers throw ParameterError listing the names.
const char* noise_kind_name(NoiseKind kind);
NoiseKind parse_noise_kind(const std::string& name);
const char* shift_mode_name(ShiftMode mode);
ShiftMode parse_shift_mode(const std::string& name);

struct AudioAugmentParams {
  int copies = 1;                      // augmented copies per training file when an operation is on; in [0, 16]; default 1
  bool noise = false;                  // add noise; default false
  NoiseKind noise_kind = NoiseKind::White;  // white Gaussian, or babble of other training files; default white
  int babble_talkers = 3;              // training files summed into one babble noise, of other speakers when there are; in [1, 8]; default 3
  double snr_min_db = 10.0;            // dB, in [-20, 80], <= snr_max_db; default 10
  double snr_max_db = 30.0;            // dB, in [-20, 80]; default 30
  double gain_min_db = 0.0;            // dB, in [-40, 40], <= gain_max_db; both 0: no gain; default 0
  double gain_max_db = 0.0;            // dB, in [-40, 40]; default 0
  double shift_max_seconds = 0.0;      // s, in [0, 10]; 0: no shift; default 0
  ShiftMode shift_mode = ShiftMode::Circular;  // what enters at the edge: the other end, or silence; default circular
  std::vector<double> speeds;          // factors, each in [0.5, 2]; empty: no speed change; default empty

  bool gain() const { return gain_min_db != 0.0 || gain_max_db != 0.0; }
  bool shift() const { return shift_max_seconds > 0.0; }
  bool speed() const { return !speeds.empty(); }
  // Whether any copy is made: copies > 0 and at least one operation on.
  bool enabled() const { return copies > 0 && (noise || gain() || shift() || speed()); }

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
