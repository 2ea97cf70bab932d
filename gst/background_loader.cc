#include "background_loader.h"

#include <utility>

namespace ser::element {

BackgroundLoader::BackgroundLoader(Load load) : load_(std::move(load)) {}

BackgroundLoader::~BackgroundLoader() { join(); }

void BackgroundLoader::request(const std::string& location) {
  std::thread finished;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_ = location;
    if (busy_) return;  // the running thread takes it when done
    busy_ = true;
    finished = std::move(thread_);
    thread_ = std::thread([this] { loop(); });
  }
  // A thread that had ended (busy_ was false) only remains to be joined.
  if (finished.joinable()) finished.join();
}

void BackgroundLoader::join() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_.reset();
    thread = std::move(thread_);
  }
  if (thread.joinable()) thread.join();
}

void BackgroundLoader::loop() {
  for (;;) {
    std::string location;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!next_) {
        busy_ = false;
        return;
      }
      location = std::move(*next_);
      next_.reset();
    }
    try {
      load_(location);
    } catch (...) {
      // load_ reports its own failures; an escaped exception must not end the process.
    }
  }
}

}  // namespace ser::element
