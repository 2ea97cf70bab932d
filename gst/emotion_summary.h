// seremotion element: what a stream carried, for the summary message at EOS.
//
// Each window counts with its duration (a final partial window weighs less), under its label:
// one of the model's, "silence" or "no-speech". Overlapping windows (hop < window) count in full
// each, so the shares are of window time, which for a constant hop is the share of the stream.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "window_analysis.h"

namespace ser::element {

class EmotionSummary {
 public:
  // Starts again for a model with `model_labels` (none: before a model is known).
  void reset(const std::vector<std::string>& model_labels = {});
  void add(const WindowResult& result);

  std::uint64_t windows() const { return windows_; }
  std::uint64_t uncertain() const { return uncertain_; }
  std::uint64_t untrusted() const { return untrusted_; }
  // Classified windows the voicing rescue gave back (also counted in untrusted()).
  std::uint64_t rescued() const { return rescued_; }
  // The model's labels, then "silence" and "no-speech"; empty before a model is known.
  const std::vector<std::string>& labels() const { return labels_; }
  // Time share of each label of labels(), in [0, 1], summing to 1 once a window was added (all 0
  // before).
  std::vector<double> shares() const;
  // The label with the largest share among the model's labels; when no window was classified, the
  // larger of "silence" and "no-speech"; "" before the first window. Ties go to the earlier label.
  std::string dominant() const;

 private:
  std::vector<std::string> labels_;
  std::vector<double> seconds_;  // per label of labels_
  std::uint64_t windows_ = 0;
  std::uint64_t uncertain_ = 0;
  std::uint64_t untrusted_ = 0;
  std::uint64_t rescued_ = 0;
};

}  // namespace ser::element
