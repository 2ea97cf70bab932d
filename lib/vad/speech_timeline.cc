#include "vad/speech_timeline.h"

#include <algorithm>
#include <string>

#include "common/error.h"

namespace ser::vad {

void SpeechTimeline::add(std::size_t end, float probability, std::size_t known_at) {
  if (end <= this->end()) {
    throw ParameterError("a voice activity span must end after the last one (" + std::to_string(this->end()) +
                         "), got " + std::to_string(end));
  }
  spans_.push_back({end, probability, known_at});
}

void SpeechTimeline::add_chunks(const float* probabilities, std::size_t n, std::size_t span, std::size_t stream_end,
                                bool flushed) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t chunk_end = end() + span;
    const bool last_flushed = flushed && i + 1 == n;
    add(last_flushed ? std::min(chunk_end, stream_end) : chunk_end, probabilities[i],
        last_flushed ? kAtEnd : chunk_end);
  }
}

double SpeechTimeline::share(std::size_t start, std::size_t end, std::size_t seen_at, double threshold) const {
  if (end <= start) return 0.0;
  std::size_t covered = 0, speech = 0;
  bool last_is_speech = false;  // the last decision known before the uncovered tail
  std::size_t span_start = origin_;
  for (const Span& s : spans_) {
    if (span_start >= end) break;
    if (s.known_at <= seen_at) {
      const bool is_speech = s.probability >= threshold;
      const std::size_t lo = std::max(span_start, start), hi = std::min(s.end, end);
      if (hi > lo) {
        covered += hi - lo;
        if (is_speech) speech += hi - lo;
      }
      last_is_speech = is_speech;
    }
    span_start = s.end;
  }
  if (last_is_speech) speech += (end - start) - covered;
  return static_cast<double>(speech) / static_cast<double>(end - start);
}

SampleRange SpeechTimeline::speech_range(std::size_t start, std::size_t end, std::size_t seen_at,
                                         double threshold) const {
  SampleRange speech{end, start};  // empty until a speech sample is found
  std::size_t covered_to = start;
  bool last_is_speech = false;
  std::size_t span_start = origin_;
  for (const Span& s : spans_) {
    if (span_start >= end) break;
    if (s.known_at <= seen_at) {
      last_is_speech = s.probability >= threshold;
      const std::size_t lo = std::max(span_start, start), hi = std::min(s.end, end);
      if (hi > lo) {
        covered_to = hi;
        if (last_is_speech) speech = {std::min(speech.begin, lo), hi};
      }
    }
    span_start = s.end;
  }
  if (last_is_speech && covered_to < end) speech = {std::min(speech.begin, covered_to), end};
  return speech.empty() ? SampleRange{start, start} : speech;
}

void SpeechTimeline::discard_before(std::size_t position) {
  while (spans_.size() > 1 && spans_[1].end <= position) {
    origin_ = spans_.front().end;
    spans_.pop_front();
  }
}

void SpeechTimeline::reset() {
  spans_.clear();
  origin_ = 0;
}

}  // namespace ser::vad
