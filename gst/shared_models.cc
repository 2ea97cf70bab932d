#include "shared_models.h"

#include <chrono>
#include <filesystem>
#include <vector>

#include "nn/classifier.h"
#include "nn/device.h"

namespace ser::element {
namespace {

namespace fs = std::filesystem;

// The time of one forward on a silent window of the model's own length: what a window costs,
// for the latency a live stream reports. The Classifier has already warmed up.
GstClockTime time_one_window(const nn::Classifier& model) {
  const std::vector<float> silence(model.info().features.window_samples(), 0.0f);
  const auto start = std::chrono::steady_clock::now();
  model.classify_audio({FloatSpan(silence)});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return static_cast<GstClockTime>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
}

std::shared_ptr<const SharedModel> load(const std::string& path, const std::string& device, int num_threads,
                                        bool allow_torchscript) {
  nn::ClassifierOptions options;
  options.device = device;
  options.num_threads = num_threads;
  options.torchscript = allow_torchscript ? nn::TorchScript::Allow : nn::TorchScript::Refuse;
  auto model = std::make_shared<SharedModel>();
  model->classifier = std::make_shared<const nn::Classifier>(path, options);
  model->batcher = std::make_unique<WindowBatcher>(*model->classifier);
  model->inference_time = time_one_window(*model->classifier);
  return model;
}

}  // namespace

SharedModels& SharedModels::process() {
  static SharedModels* registry = new SharedModels;  // never destroyed: elements may outlive main
  return *registry;
}

std::shared_ptr<const SharedModel> SharedModels::get(const std::string& path, const std::string& device,
                                                     int num_threads, bool allow_torchscript) {
  std::error_code ec;
  const fs::path canonical = fs::canonical(path, ec);
  if (ec) return load(path, device, num_threads, allow_torchscript);  // the Classifier says what is wrong with it
  const std::uintmax_t size = fs::file_size(canonical, ec);
  const auto mtime = fs::last_write_time(canonical, ec).time_since_epoch().count();
  const Key key{canonical.string(), size, static_cast<long long>(mtime), nn::resolve_device(device), allow_torchscript};

  std::unique_lock<std::mutex> lock(mutex_);
  for (auto it = slots_.begin(); it != slots_.end();) {  // forget the models nobody holds
    it = it->second.model.expired() && !it->second.loading.valid() ? slots_.erase(it) : std::next(it);
  }
  Slot& slot = slots_[key];
  if (auto model = slot.model.lock()) {
    lock.unlock();
    if (num_threads > 0) nn::Classifier::set_num_threads(num_threads);
    return model;
  }
  if (slot.loading.valid()) {
    auto loading = slot.loading;
    lock.unlock();
    if (num_threads > 0) nn::Classifier::set_num_threads(num_threads);
    return loading.get();  // rethrows the first loader's error
  }
  std::promise<std::shared_ptr<const SharedModel>> promise;
  slot.loading = promise.get_future().share();
  lock.unlock();
  std::shared_ptr<const SharedModel> model;
  try {
    model = load(canonical.string(), device, num_threads, allow_torchscript);
  } catch (...) {
    promise.set_exception(std::current_exception());
    lock.lock();
    slots_[key].loading = {};
    throw;
  }
  promise.set_value(model);
  lock.lock();
  Slot& done = slots_[key];
  done.model = model;
  done.loading = {};
  return model;
}

std::size_t SharedModels::loaded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, slot] : slots_) n += !slot.model.expired();
  return n;
}

}  // namespace ser::element
