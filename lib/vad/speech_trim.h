// seremotion: trimming the non-speech before and after the speech of a training clip.
//
// Training and cross-validation can cut each clip down to its speech (ser-train --trim-non-speech)
// with the VAD and threshold the element uses: from the first 32 ms chunk Silero judges speech to
// the last, widened by a margin on each side. A clip in which no chunk is speech is kept whole:
// the corpora label it as speech, and Silero misses some shouted utterances (models/silero-vad/
// README.md), so dropping it would lose real examples. Pauses inside the speech are kept.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/span.h"
#include "vad/silero_vad.h"
#include "vad/speech_timeline.h"

namespace ser::vad {

struct TrimOptions {
  bool enabled = false;         // default off
  double threshold = 0.5;       // chunk probability counted as speech, in [0, 1]; default 0.5 (the element's)
  double margin_seconds = 0.1;  // kept before the first and after the last speech chunk, s, in [0, 10]; default 0.1

  void validate() const;  // ParameterError naming the field
  // What a trimmed clip's features depend on (the feature cache's recipe): the VAD, threshold and
  // margin.
  nlohmann::json to_json() const;
};

// The speech of a clip of `n_samples` from Silero's probabilities for it (one per 512 samples, the
// last chunk partial): see above. `margin` in samples.
SampleRange speech_bounds(const std::vector<float>& probabilities, std::size_t n_samples, double threshold,
                          std::size_t margin);

// The part of window [start, end) whose features a model trained on trimmed clips hears: from its
// first speech sample to its last (timeline.speech_range), widened by `margin` samples and kept
// within the window; the whole window when none of it is speech (the gates decide about it).
SampleRange speech_part(const SpeechTimeline& timeline, std::size_t start, std::size_t end, std::size_t seen_at,
                        double threshold, std::size_t margin);

// What a model hears of window [start, end): its speech_part when the model was trained on trimmed
// clips (`trim` enabled, margin at `sample_rate`) and `timeline` tells speech; the whole window
// otherwise (no VAD: vad=level or off). One rule for the element and `ser-train predict`.
SampleRange heard_part(const TrimOptions& trim, const SpeechTimeline* timeline, std::size_t start, std::size_t end,
                       std::size_t seen_at, int sample_rate);

// `clip` cut to its speech in place (16 kHz mono); runs `vad` (reset first) over it.
void trim_to_speech(SileroVad& vad, std::vector<float>& clip, const TrimOptions& options);

}  // namespace ser::vad
