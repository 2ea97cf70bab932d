// seremotion: cutting speech out of its silence, as one set of settings for the three places that
// must agree on it: training's trimming of every clip (vad/speech_trim.h, ser-train
// --trim-non-speech), the bundle that records it (nn/model_info.h, "speech_trim"), and the element
// and ser-train predict, which feed a trimmed model each window's speech (vad::heard_part).
#pragma once

namespace ser {

// From the first sample the VAD judges speech (probability >= threshold) to the last, widened by
// margin_seconds on each side. Disabled: the whole clip or window.
struct SpeechTrim {
  bool enabled = false;         // default off
  double threshold = 0.5;       // chunk probability counted as speech, in [0, 1]; default 0.5 (the element's)
  double margin_seconds = 0.1;  // kept before the first and after the last speech chunk, s, in [0, 10]; default 0.1
};

// The ranges above, checked where a SpeechTrim comes in: a bundle (nn::ModelInfo::validate) and
// the training options (vad::validate_trim), each naming the field its own way.
inline bool threshold_in_range(const SpeechTrim& t) { return t.threshold >= 0 && t.threshold <= 1; }
inline bool margin_in_range(const SpeechTrim& t) { return t.margin_seconds >= 0 && t.margin_seconds <= 10; }

}  // namespace ser
