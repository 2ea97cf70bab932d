// Classifier::classify_audio: features computed here, then the network on the batch. Kept apart
// from classifier.cc because it needs the features::Extractor implementation.
#include <memory>

#include "features/extractor.h"
#include "nn/classifier.h"
#include "nn/classifier_impl.h"

namespace ser::nn {
namespace {

// An extractor of the model's spec, taken from the idle ones or made, and given back after use.
class BorrowedExtractor {
 public:
  explicit BorrowedExtractor(Classifier::Impl& impl) : impl_(impl) {
    {
      std::lock_guard<std::mutex> lock(impl_.extractors_mutex);
      if (!impl_.idle_extractors.empty()) {
        extractor_ = std::move(impl_.idle_extractors.back());
        impl_.idle_extractors.pop_back();
      }
    }
    // Made outside the lock: building one plans FFTs and filter banks.
    if (!extractor_) extractor_ = std::make_shared<features::Extractor>(impl_.info.features);
  }
  ~BorrowedExtractor() {
    std::lock_guard<std::mutex> lock(impl_.extractors_mutex);
    impl_.idle_extractors.push_back(std::move(extractor_));
  }
  BorrowedExtractor(const BorrowedExtractor&) = delete;
  BorrowedExtractor& operator=(const BorrowedExtractor&) = delete;

  features::Extractor& operator*() const { return *extractor_; }

 private:
  Classifier::Impl& impl_;
  std::shared_ptr<features::Extractor> extractor_;
};

}  // namespace

std::vector<Matrix> Classifier::features_of(const std::vector<FloatSpan>& windows) const {
  std::vector<Matrix> features(windows.size());
  BorrowedExtractor extractor(*impl_);
  for (std::size_t i = 0; i < windows.size(); ++i) (*extractor).compute(windows[i], features[i]);
  return features;
}

Matrix Classifier::classify_audio(const std::vector<FloatSpan>& windows) const { return classify(features_of(windows)); }

}  // namespace ser::nn
