// seremotion: the VAD over a whole clip (ser-train predict, training), with the element's rule.
#pragma once

#include <cstddef>
#include <vector>

#include "common/span.h"
#include "features/windowing.h"
#include "vad/silero_vad.h"
#include "vad/speech_timeline.h"

namespace ser::vad {

// Silero's decisions for `clip` (16 kHz mono), every chunk known at its end and the last, partial
// one, zero-padded, at the end: what the element's timeline holds once the same samples have
// streamed through it. Resets `vad` first; `probabilities` receives one per chunk.
SpeechTimeline clip_timeline(SileroVad& vad, FloatSpan clip, std::vector<float>& probabilities);

// When the element cuts a window of features::plan_windows: as its last sample arrives (its end),
// or, for a partial window (shorter than `window`), at the end of the stream.
std::size_t seen_at(const features::WindowSpan& span, std::size_t window);

}  // namespace ser::vad
