// seremotion element: one loaded model per model file and device in the process, shared by every
// element that asks for it. Sixty-four streams analysed with the same bundle hold its weights, its
// feature extractors and its batcher once; each element holds a reference, and the model goes when
// the last one lets it go.
//
// A model is the same when its file is (the canonical path, size and modification time: a bundle
// rewritten in place is loaded anew) and the device resolves to the same (nn/device.h: "auto" is
// "cpu" here). Two elements asking at once load it once: the second waits for the first's load.
// num-threads is process-wide in libtorch anyway; a later element's setting is applied as before.
#pragma once

#include <gst/gst.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <map>
#include <future>
#include <string>
#include <tuple>

#include "window_batcher.h"

namespace ser::nn {
class Classifier;
}

namespace ser::element {

// A loaded model and what its users share.
struct SharedModel {
  std::shared_ptr<const nn::Classifier> classifier;
  std::unique_ptr<WindowBatcher> batcher;            // its windows' batches (window_batcher.h)
  GstClockTime inference_time = GST_CLOCK_TIME_NONE; // one window of the model's length, measured at load
};

class SharedModels {
 public:
  // The registry of this process.
  static SharedModels& process();

  // The model of `path` on `device` (a string for nn::resolve_device), loaded unless an element
  // holds it already; num_threads > 0 sets libtorch's threads (process-wide); a TorchScript module
  // only with allow_torchscript (and never shared with an element that refuses it). Throws what
  // the Classifier throws (ModelError naming the file, ParameterError for the device,
  // nn::TorchScriptRefused).
  std::shared_ptr<const SharedModel> get(const std::string& path, const std::string& device, int num_threads,
                                         bool allow_torchscript = false);

  // Models loaded and held by someone now.
  std::size_t loaded() const;

 private:
  // path, size, mtime, device, TorchScript allowed
  using Key = std::tuple<std::string, std::uintmax_t, long long, std::string, bool>;
  struct Slot {
    std::weak_ptr<const SharedModel> model;
    std::shared_future<std::shared_ptr<const SharedModel>> loading;  // valid while one loads
  };
  mutable std::mutex mutex_;
  std::map<Key, Slot> slots_;
};

}  // namespace ser::element
