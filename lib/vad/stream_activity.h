// seremotion: the voice activity of a stream as it arrives (the element), for its windows to ask.
//
// Either Silero VAD runs on every sample once (its chunks known at their ends, the last partial
// chunk zero-padded at finish()), or an upstream element's per-buffer flags are recorded (known
// from each buffer's first sample). Windows then ask speech_share() with the position they are
// seen at (speech_timeline.h), so that overlapping windows never run the VAD twice. Positions are
// samples since construction or reset(), the same as the element's windower counts.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "common/span.h"
#include "vad/silero_vad.h"
#include "vad/speech_timeline.h"

namespace ser::vad {

class StreamActivity {
 public:
  // Silero on the samples (16 kHz mono).
  explicit StreamActivity(std::shared_ptr<const SileroWeights> weights);
  // Flags from upstream (push_flag).
  StreamActivity();

  bool runs_silero() const { return silero_.has_value(); }

  // Silero: runs the chunks `samples` complete. Flags: ParameterError.
  void push(FloatSpan samples);
  // Flags: `n` samples judged speech or not; no flag (nullopt): the previous flag holds (not speech
  // before the first). Silero: ParameterError.
  void push_flag(std::size_t n, std::optional<bool> speech);
  // The end of the stream: Silero's last partial chunk, known at kAtEnd. Call before the last
  // window is asked; reset() starts again.
  void finish();
  void reset();

  double speech_share(std::size_t start, std::size_t end, std::size_t seen_at, double threshold) const {
    return timeline_.share(start, end, seen_at, threshold);
  }
  const SpeechTimeline& timeline() const { return timeline_; }
  // Forgets decisions no window from `position` on needs.
  void discard_before(std::size_t position) { timeline_.discard_before(position); }
  // Samples pushed since the last reset.
  std::size_t position() const { return position_; }

 private:
  std::optional<SileroVad> silero_;
  SpeechTimeline timeline_;
  std::vector<float> probabilities_;  // scratch: one push's chunks
  std::size_t position_ = 0;
  bool last_flag_ = false;
};

}  // namespace ser::vad
