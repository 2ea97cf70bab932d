#include "train/inputs/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ser::train {

int resolve_jobs(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void parallel_for(size_t n_items, int jobs, const std::function<void(int, size_t)>& work,
                  const std::function<void(size_t)>& tick, double tick_seconds) {
  const int threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(resolve_jobs(jobs)), std::max<size_t>(n_items, 1)));
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex mutex;
  std::condition_variable finished;
  int running = threads;

  auto loop = [&](int worker) {
    for (size_t i; !failed && (i = next++) < n_items;) {
      try {
        work(worker, i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
      ++done;
    }
    std::lock_guard<std::mutex> lock(mutex);
    if (--running == 0) finished.notify_all();
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int w = 0; w < threads; ++w) pool.emplace_back(loop, w);
  {
    std::unique_lock<std::mutex> lock(mutex);
    const auto period = std::chrono::duration<double>(tick_seconds);
    while (!finished.wait_for(lock, period, [&] { return running == 0; })) {
      if (tick) {
        lock.unlock();
        tick(done.load());
        lock.lock();
      }
    }
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (tick) tick(done.load());
}

}  // namespace ser::train
