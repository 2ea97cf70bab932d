// seremotion: speech the VAD misses, told by its voicing.
//
// Silero VAD misses some shouted and screamed speech (RAVDESS Actor 06's strong angry and fearful
// takes among others; through 03-01-05-02-02-01-06 Silero's own TorchScript module stays below
// 0.35 too), so those windows were `no-speech` and the loudest emotions were lost (docs/element.md,
// "The voicing rescue"). Their pitch track is plainly speech: voiced on about half of the frames,
// in several stretches separated by consonants and pauses, with a pitch that moves. The noises the
// VAD is there to hold are not: noise is unvoiced, and a hum, a tone, a beep or a held note is voiced
// in one unbroken stretch or at a fixed pitch. So a window the VAD holds is given back to the
// network when its eGeMAPS pitch track (features/egemaps/egemaps.h) meets every bound of
// VoicedSpeechRule. Melodic sound with speech's rhythm (singing, some music) passes too: turn it off
// (SpeechGate::voicing_rescue) where that matters more than shouting.
#pragma once

#include "common/span.h"

namespace ser::vad {

struct VoicedSpeechRule {
  double min_voiced_share = 0.3;   // of the pitch frames; the missed shouts: 0.43-0.60
  double max_voiced_share = 0.9;   // speech has unvoiced consonants and pauses; a tone is voiced throughout
  int min_voiced_stretches = 2;    // voiced stretches in the window (syllables apart)
  double min_f0_sd_semitones = 1.0;  // spread of the pitch over the voiced frames; the missed shouts: 1.3-4.9
};

struct VoicingSummary {
  double voiced_share = 0.0;   // of the pitch frames
  int voiced_stretches = 0;
  double f0_sd_semitones = 0.0;  // over the voiced frames; 0 with fewer than two
};

// The window's pitch track summarised (eGeMAPS's voicing and F0). Samples eGeMAPS refuses (NaN,
// infinite, out of range), an empty span or a sample rate outside 16-192 kHz give an all-zero
// summary (nothing voiced).
VoicingSummary summarise_voicing(FloatSpan samples, int sample_rate);

// Whether the summary meets every bound of `rule`.
bool sounds_like_voiced_speech(const VoicingSummary& voicing, const VoicedSpeechRule& rule = {});

}  // namespace ser::vad
