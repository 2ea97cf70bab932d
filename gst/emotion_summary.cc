#include "emotion_summary.h"

#include <algorithm>
#include <numeric>

namespace ser::element {
namespace {

constexpr std::size_t kHeldLabels = 2;  // "silence", "no-speech" after the model's

}  // namespace

void EmotionSummary::reset(const std::vector<std::string>& model_labels) {
  *this = EmotionSummary();
  if (model_labels.empty()) return;
  labels_ = model_labels;
  labels_.push_back(kSilenceLabel);
  labels_.push_back(kNoSpeechLabel);
  seconds_.assign(labels_.size(), 0.0);
}

void EmotionSummary::add(const WindowResult& result) {
  if (labels_.size() != result.labels.size() + kHeldLabels ||
      !std::equal(result.labels.begin(), result.labels.end(), labels_.begin())) {
    // The first window without a model known, or a model with other labels (only after a reset:
    // a model swap keeps them).
    reset(result.labels);
  }
  const double seconds =
      GST_CLOCK_TIME_IS_VALID(result.timing.duration) ? static_cast<double>(result.timing.duration) / GST_SECOND : 0;
  const auto it = std::find(labels_.begin(), labels_.end(), result.label);
  if (it != labels_.end()) seconds_[static_cast<std::size_t>(it - labels_.begin())] += seconds;
  ++windows_;
  if (result.uncertain) ++uncertain_;
  if (result.classified() && !result.check.trusted()) ++untrusted_;
  if (result.classified() && result.check.voiced_rescue) ++rescued_;
}

std::vector<double> EmotionSummary::shares() const {
  const double total = std::accumulate(seconds_.begin(), seconds_.end(), 0.0);
  std::vector<double> out(seconds_.size(), 0.0);
  if (total > 0) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = seconds_[i] / total;
  }
  return out;
}

std::string EmotionSummary::dominant() const {
  if (windows_ == 0) return "";
  const auto speech_end = seconds_.end() - kHeldLabels;
  const auto best = std::max_element(seconds_.begin(), speech_end);
  if (best != speech_end && *best > 0) return labels_[static_cast<std::size_t>(best - seconds_.begin())];
  // Nothing classified: which of the held labels took more time (silence on a tie).
  return seconds_[seconds_.size() - 1] > seconds_[seconds_.size() - 2] ? kNoSpeechLabel : kSilenceLabel;
}

}  // namespace ser::element
