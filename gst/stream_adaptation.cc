#include "stream_adaptation.h"

#include "features/adaptive_norm.h"
#include "nn/classifier.h"

namespace ser::element {

std::size_t StreamAdaptation::adapt(const nn::Classifier& model, Matrix& features) {
  const nn::ModelInfo& info = model.info();
  if (!info.adaptation.enabled()) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  if (model_ != &model) {
    heard_ = features::FeatureStats(info.features.feature_dim(), info.features.shape);
    model_ = &model;
  }
  heard_.add(features);
  features::in_prior_frame(info.adaptation, &heard_, info.features.shape, features);
  return heard_.windows();
}

void StreamAdaptation::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  heard_ = features::FeatureStats();
  model_ = nullptr;
}

}  // namespace ser::element
