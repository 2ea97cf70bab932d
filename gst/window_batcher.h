// seremotion element: windows of several streams run through the network together. Every element
// that shares a loaded model (shared_models.h) shares its batcher; a window submitted with
// max_batch > 1 waits for others, and the network runs once for all of them, as soon as max_batch
// windows wait or when the oldest has waited max_wait, whichever comes first. No thread of its
// own: the caller whose window fills a batch, or whose wait ends, runs it for everyone (so a
// window waits at most max_wait plus one batch), and the others take their rows.
//
// Results: a window's probabilities are those of the network on its own features; in a batch
// they may differ from a batch of one in the last bits (the kernels sum in other orders), never
// in which label is on top except for ties closer than that.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <vector>

#include "common/matrix.h"

namespace ser::nn {
class Classifier;
}

namespace ser::element {

struct BatchLimits {
  std::size_t max_batch = 1;                // windows per forward, >= 1; 1: no batching
  std::chrono::nanoseconds max_wait{0};     // the longest a window waits for others
};

class WindowBatcher {
 public:
  // `model` outlives the batcher (shared_models.h keeps them together).
  explicit WindowBatcher(const nn::Classifier& model) : model_(model) {}
  WindowBatcher(const WindowBatcher&) = delete;
  WindowBatcher& operator=(const WindowBatcher&) = delete;

  // The probabilities (1 x labels) of one window given as features (Classifier::features_of),
  // run with the windows other threads submit meanwhile. Blocks until its batch has run; throws
  // what the Classifier throws for this window (a batch that fails runs its windows one by one,
  // so that one bad window fails alone). Any number of threads may call it at once.
  Matrix classify(Matrix features, const BatchLimits& limits);

  std::uint64_t batches() const;  // forwards run so far
  std::uint64_t windows() const;  // windows classified so far

 private:
  struct Request {
    Matrix features;
    Matrix probabilities;
    std::exception_ptr error;
    bool taken = false;  // in a batch that runs
    bool done = false;   // its batch has run
  };
  // Runs up to `max_batch` of the oldest waiting requests; called with the lock, which it releases
  // during the forward.
  void run_batch(std::unique_lock<std::mutex>& lock, std::size_t max_batch);

  const nn::Classifier& model_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a request came or a batch finished
  std::deque<Request*> waiting_;
  std::uint64_t batches_ = 0;
  std::uint64_t windows_ = 0;
};

}  // namespace ser::element
