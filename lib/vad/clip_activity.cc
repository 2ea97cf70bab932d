#include "vad/clip_activity.h"

namespace ser::vad {

SpeechTimeline clip_timeline(SileroVad& vad, FloatSpan clip, std::vector<float>& probabilities) {
  vad.reset();
  probabilities.clear();
  vad.push(clip, probabilities);
  const std::size_t complete = probabilities.size();
  vad.flush(probabilities);
  SpeechTimeline timeline;
  timeline.add_chunks(probabilities.data(), complete, SileroVad::kChunk, clip.size(), false);
  timeline.add_chunks(probabilities.data() + complete, probabilities.size() - complete, SileroVad::kChunk, clip.size(),
                      true);
  return timeline;
}

std::size_t seen_at(const features::WindowSpan& span, std::size_t window) {
  return span.length < window ? kAtEnd : span.start + span.length;
}

}  // namespace ser::vad
