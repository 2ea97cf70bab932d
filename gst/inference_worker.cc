#include "inference_worker.h"

#include <utility>

namespace ser::element {

InferenceWorker::InferenceWorker(std::size_t max_pending, Run run)
    : max_pending_(max_pending < 1 ? 1 : max_pending), run_(std::move(run)), thread_([this] { loop(); }) {}

InferenceWorker::~InferenceWorker() { stop(); }

void InferenceWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    pending_.clear();
  }
  wake_.notify_all();
  idle_.notify_all();
  if (thread_.joinable()) thread_.join();
}

WindowJob InferenceWorker::take_job() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (free_.empty()) return {};
  WindowJob job = std::move(free_.back());
  free_.pop_back();
  return job;
}

void InferenceWorker::submit(WindowJob&& job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job.epoch = epoch_;
    if (pending_.size() >= max_pending_) {
      free_.push_back(std::move(pending_.front()));
      pending_.pop_front();
      ++dropped_;
    }
    pending_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void InferenceWorker::discard_pending() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++epoch_;
  for (auto& job : pending_) free_.push_back(std::move(job));
  pending_.clear();
  if (!running_) idle_.notify_all();
}

bool InferenceWorker::is_current(const WindowJob& job) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return job.epoch == epoch_;
}

void InferenceWorker::wait_idle() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return (pending_.empty() && !running_) || stop_; });
}

std::uint64_t InferenceWorker::dropped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

void InferenceWorker::reset_dropped() {
  std::lock_guard<std::mutex> lock(mutex_);
  dropped_ = 0;
}

void InferenceWorker::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || !pending_.empty(); });
    if (stop_) break;
    WindowJob job = std::move(pending_.front());
    pending_.pop_front();
    running_ = true;
    lock.unlock();
    try {
      run_(job);
    } catch (...) {
      // run_ reports its own failures; an escaped exception must not end the thread.
    }
    lock.lock();
    running_ = false;
    free_.push_back(std::move(job));
    if (pending_.empty()) idle_.notify_all();
  }
  idle_.notify_all();
}

}  // namespace ser::element
