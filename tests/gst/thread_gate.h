// Tests of the element's threaded helpers: a gate a worker thread waits at, opened by the test,
// and a signal that the thread got there, so that tests order threads without sleeping.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ser::element_test {

class Gate {
 public:
  // Called by the worker thread: says it arrived, then waits until the gate opens.
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++arrived_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  // Waits (at most 10 s, so that a broken helper fails instead of hanging) until `n` arrivals.
  bool wait_arrivals(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return arrived_ >= n; });
  }
  void open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int arrived_ = 0;
  bool open_ = false;
};

}  // namespace ser::element_test
