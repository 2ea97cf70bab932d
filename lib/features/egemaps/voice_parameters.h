// seremotion: a small set of voice parameters over a span, for people to read (the element's
// voice-parameters, ser-train predict --voice-parameters).
#pragma once

#include <string>
#include <vector>

#include "features/egemaps/egemaps.h"

namespace ser::features {

// Voice parameters of a span, read from its eGeMAPS functionals (Eyben et al., IEEE TAC 2016) in
// units a person reads directly; functionals only, so that the 88 a network is fed serve as they
// are. Every field is defined for every span: a span without voiced frames (silence, whispers,
// noise) has 0 for the pitch and voice-quality fields and voiced_fraction 0.
struct VoiceParameters {
  double f0_mean_hz = 0.0;            // F0 at the mean semitone, 27.5 * 2^(mean / 12) Hz: the
                                      // geometric mean of F0 over voiced frames
  double f0_mean_semitones = 0.0;     // mean F0 in semitones above 27.5 Hz (eGeMAPS' F0 mean)
  double f0_range_semitones = 0.0;    // 20th-80th percentile range of F0, semitones
  double loudness = 0.0;              // mean eGeMAPS loudness (auditory, unitless; about 0.05 for
                                      // quiet speech and 1-3 for loud speech at full-scale recording)
  double level_db = 0.0;              // equivalent sound level, dB relative to full scale (-200 silence)
  double jitter_percent = 0.0;        // mean local jitter, % of the period
  double shimmer_db = 0.0;            // mean local shimmer, dB
  double hnr_db = 0.0;                // mean harmonics-to-noise ratio, dB
  double voiced_fraction = 0.0;       // share of the span in voiced segments (of 30 ms or more, gaps
                                      // of 10 ms bridged), in [0, 1]
  double loudness_peaks_per_second = 0.0;  // a speaking-rate proxy (syllable nuclei are loudness peaks)
};

// From the 88 functionals (egemaps_names.h order), e.g. those a model with the "egemaps" feature
// was given for the same window.
VoiceParameters voice_parameters(const float* functionals);
// From an analysis (computes its functionals).
VoiceParameters voice_parameters(const EgemapsAnalysis& analysis);

// The fields as (name, value) pairs in declaration order, with kebab-case names as the element's
// messages carry them ("f0-mean-hz", ...); snake_case with `snake` (JSON output).
std::vector<std::pair<std::string, double>> voice_parameter_fields(const VoiceParameters& v, bool snake = false);

}  // namespace ser::features
