// seremotion element: the stream-adaptive normalisation of one stream (features/adaptive_norm.h).
//
// A model trained with adaptation (ModelInfo::adaptation) normalises each window by what has been
// heard of the speaker. In the element that is the stream: the features of every window the
// network has heard since the stream started or was flushed. They are trusted as they accumulate
// (n / (n + n0) with the model's prior_windows n0), so the first windows of a stream are read as
// a pooled training speaker and a long stream as itself.
//
// The statistics are added to by whichever thread analyses windows (the streaming thread, or the
// inference worker in live streams) and reset by the streaming thread: a mutex guards them.
#pragma once

#include <cstddef>
#include <mutex>

#include "common/matrix.h"
#include "features/feature_stats.h"

namespace ser::nn {
class Classifier;
}

namespace ser::element {

class StreamAdaptation {
 public:
  // For a model trained with adaptation: adds one window's features (as model.features_of gives
  // them) to what the stream has heard, then rewrites them into the model's prior frame
  // (features::in_prior_frame), so that the model's plain classify() gives the adapted result.
  // A model without adaptation leaves them as they are. Statistics heard with another model
  // (a swap) are dropped first. Returns the windows heard, this one included (0: no adaptation).
  std::size_t adapt(const nn::Classifier& model, Matrix& features);

  // A new stream: nothing heard.
  void reset();

 private:
  std::mutex mutex_;
  features::FeatureStats heard_;
  const nn::Classifier* model_ = nullptr;  // whose features heard_ holds
};

}  // namespace ser::element
