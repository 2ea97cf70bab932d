// seremotion: level normalisation, the recording level taken out of a span before its features.
//
// A corpus's or a user's recording level is set by a microphone's gain and a mixing desk, not by
// the speaker: features that carry it (eGeMAPS's loudness and equivalent sound level, spectral
// flux, the MFCCs of a fixed dB reference) then place a whole recording in one region of the
// feature space (the generalisation probes saw a held-out corpus called `sad` 62 % of the time).
// Scaling each span to one active speech level first leaves the within-span dynamics (loudness
// rising and falling, its peaks) and removes the absolute level.
//
// The active level follows the idea of ITU-T P.56 in a simple form: the mean power of the 10 ms
// frames within kActiveRangeDb of the span's loud frames (its 95th percentile of frame power), so
// that pauses and silence within the span do not lower it. The gain is limited to +-kMaxGainDb so
// that near-silence is not raised into loud noise; an all-zero span is left as it is.
#pragma once

#include <vector>

#include "common/span.h"

namespace ser::features {

constexpr double kActiveRangeDb = 30.0;
constexpr double kMaxGainDb = 40.0;

// Keeps its buffers, so that a stream of windows allocates nothing once they have grown (the
// Extractor's rule). Not thread-safe: one per thread.
class LevelNormaliser {
 public:
  // Active level of `audio` in dBFS (full scale = 1.0); kFloorDbfs (silence_gate.h) when it has
  // no energy. Frames of 10 ms at `sample_rate` (one frame when shorter).
  double active_level_dbfs(FloatSpan audio, int sample_rate);
  // The gain in dB that brings `audio`'s active level to `target_dbfs`, within +-kMaxGainDb; 0 for
  // a span with no energy.
  double gain_db(FloatSpan audio, int sample_rate, double target_dbfs);
  // `audio` scaled by gain_db, in a buffer of this object's, valid until the next call.
  FloatSpan normalise(FloatSpan audio, int sample_rate, double target_dbfs);

 private:
  void measure_frames(FloatSpan audio, int sample_rate);
  std::vector<double> powers_;  // mean square of each 10 ms frame, in order
  std::vector<double> ranked_;  // the same, partly sorted to find the loud frames
  std::vector<float> scaled_;
};

}  // namespace ser::features
