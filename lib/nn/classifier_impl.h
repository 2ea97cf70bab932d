// seremotion (internal to lib/nn): the state of a Classifier, shared by classifier.cc and
// classifier_audio.cc. Without libtorch: the network is only named here.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "nn/classifier.h"
#include "nn/model_info.h"

namespace ser::features {
class Extractor;
}

namespace ser::nn {

class Network;

struct Classifier::Impl {
  Impl();
  ~Impl();  // in classifier.cc, where Network is complete

  std::string path;
  ModelInfo info;
  std::string device;
  std::unique_ptr<Network> network;

  // Extractors of info.features for classify_audio, idle between calls: one is taken per call
  // and given back, so concurrent callers extract in parallel. shared_ptr so that this state
  // can be destroyed without seeing ~Extractor.
  std::mutex extractors_mutex;
  std::vector<std::shared_ptr<features::Extractor>> idle_extractors;
};

}  // namespace ser::nn
