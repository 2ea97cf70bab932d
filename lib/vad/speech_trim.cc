#include "vad/speech_trim.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::vad {

void validate_trim(const SpeechTrim& trim) {
  if (!threshold_in_range(trim)) {
    throw ParameterError("the trimming threshold must be in [0, 1] (got " + std::to_string(trim.threshold) + ")");
  }
  if (!margin_in_range(trim)) {
    throw ParameterError("the trimming margin must be in [0, 10] s (got " + std::to_string(trim.margin_seconds) +
                         ")");
  }
}

nlohmann::json trim_recipe(const SpeechTrim& trim) {
  return {{"vad", "silero-vad-6.2"}, {"threshold", trim.threshold}, {"margin_seconds", trim.margin_seconds}};
}

SampleRange speech_bounds(const std::vector<float>& probabilities, std::size_t n_samples, double threshold,
                          std::size_t margin) {
  const auto is_speech = [&](float p) { return p >= threshold; };
  const auto first = std::find_if(probabilities.begin(), probabilities.end(), is_speech);
  if (first == probabilities.end()) return {0, n_samples};
  const auto last = std::find_if(probabilities.rbegin(), probabilities.rend(), is_speech);
  const std::size_t chunk = SileroVad::kChunk;
  const std::size_t begin = static_cast<std::size_t>(first - probabilities.begin()) * chunk;
  const std::size_t end = std::min(n_samples, static_cast<std::size_t>(probabilities.rend() - last) * chunk);
  return {begin > margin ? begin - margin : 0, std::min(n_samples, end + margin)};
}

SampleRange speech_part(const SpeechTimeline& timeline, std::size_t start, std::size_t end, std::size_t seen_at,
                        double threshold, std::size_t margin) {
  const SampleRange speech = timeline.speech_range(start, end, seen_at, threshold);
  if (speech.empty()) return {start, end};
  return {speech.begin - std::min(margin, speech.begin - start), std::min(end, speech.end + margin)};
}

SampleRange heard_part(const SpeechTrim& trim, const SpeechTimeline* timeline, std::size_t start, std::size_t end,
                       std::size_t seen_at, int sample_rate) {
  if (!trim.enabled || timeline == nullptr) return {start, end};
  const auto margin = static_cast<std::size_t>(std::llround(trim.margin_seconds * sample_rate));
  return speech_part(*timeline, start, end, seen_at, trim.threshold, margin);
}

void trim_to_speech(SileroVad& vad, std::vector<float>& clip, const SpeechTrim& options) {
  std::vector<float> probabilities;
  vad.reset();
  vad.push(FloatSpan(clip), probabilities);
  vad.flush(probabilities);
  const auto margin = static_cast<std::size_t>(std::llround(options.margin_seconds * SileroWeights::kSampleRate));
  const SampleRange r = speech_bounds(probabilities, clip.size(), options.threshold, margin);
  clip.erase(clip.begin() + static_cast<std::ptrdiff_t>(r.end), clip.end());
  clip.erase(clip.begin(), clip.begin() + static_cast<std::ptrdiff_t>(r.begin));
}

}  // namespace ser::vad
