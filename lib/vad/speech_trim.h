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
#include "common/speech_trim.h"
#include "vad/silero_vad.h"
#include "vad/speech_timeline.h"

namespace ser::vad {

// ParameterError naming the field of `trim` out of its range (common/speech_trim.h).
void validate_trim(const SpeechTrim& trim);
// What a trimmed clip's features depend on (the feature cache's recipe, reports): the VAD,
// threshold and margin.
nlohmann::json trim_recipe(const SpeechTrim& trim);

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
SampleRange heard_part(const SpeechTrim& trim, const SpeechTimeline* timeline, std::size_t start, std::size_t end,
                       std::size_t seen_at, int sample_rate);

// `clip` cut to its speech in place (16 kHz mono); runs `vad` (reset first) over it.
void trim_to_speech(SileroVad& vad, std::vector<float>& clip, const SpeechTrim& options);

}  // namespace ser::vad
