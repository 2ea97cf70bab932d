#include "vad/stream_activity.h"

#include "common/error.h"

namespace ser::vad {

StreamActivity::StreamActivity(std::shared_ptr<const SileroWeights> weights) : silero_(std::in_place, std::move(weights)) {
  probabilities_.reserve(SileroVad::kMaxBatch);
}

StreamActivity::StreamActivity() = default;

void StreamActivity::push(FloatSpan samples) {
  if (!silero_) throw ParameterError("StreamActivity::push: this stream's voice activity comes as flags");
  probabilities_.clear();
  silero_->push(samples, probabilities_);
  position_ += samples.size();
  timeline_.add_chunks(probabilities_.data(), probabilities_.size(), SileroVad::kChunk, position_, false);
}

void StreamActivity::push_flag(std::size_t n, std::optional<bool> speech) {
  if (silero_) throw ParameterError("StreamActivity::push_flag: this stream's voice activity is Silero's");
  if (n == 0) return;
  if (speech) last_flag_ = *speech;
  timeline_.add(position_ + n, last_flag_ ? 1.0f : 0.0f, position_);
  position_ += n;
}

void StreamActivity::finish() {
  if (!silero_) return;
  probabilities_.clear();
  silero_->flush(probabilities_);
  timeline_.add_chunks(probabilities_.data(), probabilities_.size(), SileroVad::kChunk, position_, true);
}

void StreamActivity::reset() {
  if (silero_) silero_->reset();
  timeline_.reset();
  position_ = 0;
  last_flag_ = false;
}

}  // namespace ser::vad
