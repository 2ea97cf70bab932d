#include "model_handle.h"

#include "nn/classifier.h"
#include "nn/default_model.h"
#include "nn/device.h"

namespace ser::element {

ModelHandle load_model(const std::string& location, const std::string& device, int num_threads) {
  try {
    nn::resolve_device(device);
  } catch (const Error& e) {
    throw ModelLoadError("device", std::string(e.what()) + " (property device)");
  }
  ModelHandle handle;
  if (location.empty()) {
    try {
      handle.location = nn::default_model_path();
    } catch (const Error& e) {
      throw ModelLoadError("model-location", "model-location is not set and " + std::string(e.what()) +
                                                 "; set model-location to a model bundle (.sermodel)");
    }
  } else {
    handle.location = location;
  }
  try {
    handle.shared = SharedModels::process().get(handle.location, device, num_threads);
    handle.classifier = handle.shared->classifier;
    handle.inference_time = handle.shared->inference_time;
  } catch (const Error& e) {
    throw ModelLoadError("model-location", "cannot load model-location '" + handle.location + "': " + e.what());
  }
  return handle;
}

}  // namespace ser::element
