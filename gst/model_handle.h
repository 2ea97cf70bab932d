// seremotion element: a loaded model, shared by the streaming thread, the inference worker and the
// background loader (and, through shared_models.h, by every element of the process that loads the
// same file on the same device), and how it is loaded from the properties.
#pragma once

#include <gst/gst.h>

#include <memory>
#include <string>

#include "common/error.h"
#include "shared_models.h"

namespace ser::nn {
class Classifier;
}

namespace ser::element {

struct ModelHandle {
  // Shared: a window being analysed keeps the model it started with through a swap.
  std::shared_ptr<const SharedModel> shared;             // the model, its batcher, with the other elements
  std::shared_ptr<const nn::Classifier> classifier;     // shared->classifier
  std::string location;                                 // the file loaded (the default resolved)
  GstClockTime inference_time = GST_CLOCK_TIME_NONE;    // one window of the model's length, measured at load

  explicit operator bool() const { return classifier != nullptr; }
};

// A model that cannot be loaded, with the property to change: "model-location" or "device".
class ModelLoadError : public Error {
 public:
  ModelLoadError(std::string property, const std::string& message)
      : Error(message), property_(std::move(property)) {}
  const std::string& property() const { return property_; }

 private:
  std::string property_;
};

// How a model is loaded, from the element's properties.
struct LoadSettings {
  std::string location;           // model-location; empty: the default model (nn/default_model.h)
  std::string device = "auto";    // device: "auto", "cpu", "cuda", "cuda:N"
  int num_threads = 0;            // num-threads, already within the cores; 0: libtorch's setting
  bool allow_torchscript = false; // allow-torchscript
};

// Loads the model on the device, setting libtorch's process-wide intra-op threads when
// num_threads > 0, then times one window; or takes the one another element of the process loaded
// with the same settings (shared_models.h). Throws ModelLoadError naming the property and saying
// what to do.
ModelHandle load_model(const LoadSettings& settings);

}  // namespace ser::element
