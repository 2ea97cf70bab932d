// seremotion: what a voice activity detector said about a stream, and the speech share of a window.
//
// The decisions come as spans of samples, each with a probability of speech and the stream
// position from which it is known: Silero VAD's chunk [512 i, 512 (i + 1)) is known once its last
// sample arrived; a chunk completed by zeros at the end of the stream only at the end (kAtEnd); an
// upstream element's flag on a buffer as soon as the buffer arrives (its first sample).
//
// The speech share of a window [start, end), seen at stream position `seen_at` (its end when the
// window is cut as its last sample arrives; kAtEnd for the last, partial window cut at the end of
// the stream), is the fraction of its samples judged speech (probability >= threshold) by the spans
// known at `seen_at`; samples that no known span covers yet (the tail of the window that lies in
// Silero's unfinished chunk) take the last known decision before them, and count as non-speech
// when there is none. Because the rule depends only on positions, the element (audio in buffers of
// any size) and `ser-train predict` (a whole file) find the same share for the same window.
#pragma once

#include <cstddef>
#include <deque>
#include <limits>

namespace ser::vad {

constexpr std::size_t kAtEnd = std::numeric_limits<std::size_t>::max();

// Samples [begin, end); empty when begin == end.
struct SampleRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return end <= begin; }
};

class SpeechTimeline {
 public:
  // Appends the span from the end of the last one (0 after a reset) to `end`. Spans come in order
  // and do not overlap; `end` must be past the last end (else ParameterError).
  void add(std::size_t end, float probability, std::size_t known_at);
  // Appends one span per probability, of `span` samples each (Silero: 512), each known at its end;
  // the last is cut at `stream_end` and known only at the end when `flushed`.
  void add_chunks(const float* probabilities, std::size_t n, std::size_t span, std::size_t stream_end, bool flushed);

  // The speech share of [start, end) seen at `seen_at`, in [0, 1] (0 for an empty window).
  double share(std::size_t start, std::size_t end, std::size_t seen_at, double threshold) const;

  // The samples of [start, end) from the first judged speech to the last, seen at `seen_at` by the
  // rule of share() (an uncovered tail takes the last known decision); empty when none is speech.
  SampleRange speech_range(std::size_t start, std::size_t end, std::size_t seen_at, double threshold) const;

  // Forgets the spans that end at or before `position`, except the last of them (a window that
  // starts at `position` may need the decision before it).
  void discard_before(std::size_t position);
  void reset();

  std::size_t end() const { return spans_.empty() ? origin_ : spans_.back().end; }
  std::size_t size() const { return spans_.size(); }

 private:
  struct Span {
    std::size_t end;
    float probability;
    std::size_t known_at;
  };
  std::deque<Span> spans_;
  std::size_t origin_ = 0;  // start of spans_.front()
};

}  // namespace ser::vad
