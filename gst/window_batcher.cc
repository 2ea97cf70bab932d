#include "window_batcher.h"

#include <algorithm>

#include "nn/classifier.h"

namespace ser::element {

Matrix WindowBatcher::classify(Matrix features, const BatchLimits& limits) {
  Request request;
  request.features = std::move(features);
  const std::size_t max_batch = std::max<std::size_t>(1, limits.max_batch);
  const auto deadline = std::chrono::steady_clock::now() + limits.max_wait;
  std::unique_lock<std::mutex> lock(mutex_);
  waiting_.push_back(&request);
  changed_.notify_all();  // a waiter may now have a full batch
  while (!request.done) {
    if (request.taken) {
      changed_.wait(lock);  // in another caller's batch: wait for it to finish
    } else if (waiting_.size() >= max_batch || std::chrono::steady_clock::now() >= deadline) {
      run_batch(lock, max_batch);
    } else {
      changed_.wait_until(lock, deadline);
    }
  }
  if (request.error) std::rethrow_exception(request.error);
  return std::move(request.probabilities);
}

void WindowBatcher::run_batch(std::unique_lock<std::mutex>& lock, std::size_t max_batch) {
  const std::size_t n = std::min(max_batch, waiting_.size());
  if (n == 0) return;
  std::vector<Request*> batch(waiting_.begin(), waiting_.begin() + static_cast<long>(n));
  waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<long>(n));
  for (Request* r : batch) r->taken = true;
  lock.unlock();
  // The callers wait until done, so their features can be moved into the batch.
  std::vector<Matrix> inputs;
  inputs.reserve(n);
  for (Request* r : batch) inputs.push_back(std::move(r->features));
  try {
    const Matrix p = model_.classify(inputs);
    for (std::size_t i = 0; i < n; ++i) {
      Matrix row(1, p.cols());
      std::copy(p.row(i), p.row(i) + p.cols(), row.data());
      batch[i]->probabilities = std::move(row);
    }
  } catch (...) {
    // One window's failure is its own: the others run alone.
    for (std::size_t i = 0; i < n; ++i) {
      try {
        batch[i]->probabilities = model_.classify(inputs[i]);
      } catch (...) {
        batch[i]->error = std::current_exception();
      }
    }
  }
  lock.lock();
  for (Request* r : batch) r->done = true;
  ++batches_;
  windows_ += n;
  changed_.notify_all();
}

std::uint64_t WindowBatcher::batches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return batches_;
}

std::uint64_t WindowBatcher::windows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return windows_;
}

}  // namespace ser::element
