#include "model_handle.h"

#include <chrono>
#include <vector>

#include "nn/classifier.h"
#include "nn/default_model.h"
#include "nn/device.h"

namespace ser::element {
namespace {

// The time of one forward on a silent window of the model's own length: what a window costs,
// for the latency a live stream reports. The Classifier has already warmed up.
GstClockTime time_one_window(const nn::Classifier& model) {
  const std::vector<float> silence(model.info().features.window_samples(), 0.0f);
  const auto start = std::chrono::steady_clock::now();
  model.classify_audio({FloatSpan(silence)});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return static_cast<GstClockTime>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
}

}  // namespace

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
  nn::ClassifierOptions options;
  options.device = settings.device;
  options.num_threads = settings.num_threads;
  options.torchscript = settings.allow_torchscript ? nn::TorchScript::Allow : nn::TorchScript::Refuse;
  try {
    handle.classifier = std::make_shared<const nn::Classifier>(handle.location, options);
    handle.inference_time = time_one_window(*handle.classifier);
  } catch (const nn::TorchScriptRefused& e) {
    throw ModelLoadError("model-location", "cannot load model-location '" + handle.location + "': " + e.what() +
                                               ". Set allow-torchscript=true only if you trust where it came from");
  } catch (const Error& e) {
    throw ModelLoadError("model-location", "cannot load model-location '" + handle.location + "': " + e.what());
  }
  return handle;
}

}  // namespace ser::element
