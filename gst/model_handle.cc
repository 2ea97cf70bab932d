#include "model_handle.h"

#include "nn/classifier.h"
#include "nn/default_model.h"
#include "nn/device.h"
#include "shared_models.h"

namespace ser::element {

ModelHandle load_model(const LoadSettings& settings) {
  try {
    nn::resolve_device(settings.device);
  } catch (const Error& e) {
    throw ModelLoadError("device", std::string(e.what()) + " (property device)");
  }
  ModelHandle handle;
  if (settings.location.empty()) {
    try {
      handle.location = nn::default_model_path();
    } catch (const Error& e) {
      throw ModelLoadError("model-location", "model-location is not set and " + std::string(e.what()) +
                                                 "; set model-location to a model bundle (.sermodel)");
    }
  } else {
    handle.location = settings.location;
  }
  try {
    handle.shared =
        SharedModels::process().get(handle.location, settings.device, settings.num_threads, settings.allow_torchscript);
    handle.classifier = handle.shared->classifier;
    handle.inference_time = handle.shared->inference_time;
  } catch (const nn::TorchScriptRefused& e) {
    throw ModelLoadError("model-location", "cannot load model-location '" + handle.location + "': " + e.what() +
                                               ". Set allow-torchscript=true only if you trust where it came from");
  } catch (const Error& e) {
    throw ModelLoadError("model-location", "cannot load model-location '" + handle.location + "': " + e.what());
  }
  return handle;
}

}  // namespace ser::element
