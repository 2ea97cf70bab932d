#include "train/dist/heartbeat_impl.h"

#include <ATen/ATen.h>

#include <cstdlib>
#include <thread>
#include <vector>

namespace ser::train::dist {
namespace {

std::string failure_key(int rank) { return "failed/" + std::to_string(rank); }
std::string seen_key(int rank) { return "seen/" + std::to_string(rank); }

std::string text_of(const std::vector<uint8_t>& bytes) { return std::string(bytes.begin(), bytes.end()); }

// The first line of a c10d or Gloo error (they append C++ stack traces).
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

Heartbeat::Heartbeat(c10::intrusive_ptr<c10d::ProcessGroup> pg, c10::intrusive_ptr<c10d::Store> store, int rank,
                     int size, std::chrono::milliseconds interval, std::chrono::milliseconds timeout,
                     Handler on_failure)
    : pg_(std::move(pg)),
      store_(std::move(store)),
      rank_(rank),
      size_(size),
      interval_(interval),
      timeout_(timeout),
      on_failure_(std::move(on_failure)),
      thread_([this] { loop(); }) {}

Heartbeat::~Heartbeat() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Heartbeat::fail(const std::string& message) {
  try {
    // Before the flag: a rank that sees the flag finds the message.
    store_->set(failure_key(rank_), std::vector<uint8_t>(message.begin(), message.end()));
  } catch (const std::exception&) {
    // The store is gone (rank 0 ended): the others learn of it from the heartbeat alone.
  }
  {
    std::unique_lock<std::mutex> lock(mutex_);
    failed_ = true;
    changed_.notify_all();
    changed_.wait_for(lock, timeout_ + 2 * interval_, [this] { return !thread_running_; });
  }
  // The others read the message from the store, which leaves with rank 0: wait (briefly) until
  // they say they have it.
  const auto deadline = std::chrono::steady_clock::now() + 4 * interval_;
  try {
    while (store_->add(seen_key(rank_), 0) < size_ - 1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  } catch (const std::exception&) {
  }
}

void Heartbeat::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_ = true;
  changed_.notify_all();
  changed_.wait(lock, [this] { return all_done_ || !thread_running_; });
}

void Heartbeat::explain(const std::string& /*error*/) {
  std::unique_lock<std::mutex> lock(mutex_);
  const uint64_t until = rounds_ + 2;
  changed_.wait_for(lock, 4 * interval_, [&] { return rounds_ >= until || !thread_running_; });
}

void Heartbeat::end(const std::string& message) {
  on_failure_(message);
  std::_Exit(1);  // a handler must not return; never go on as if nothing happened
}

void Heartbeat::loop() {
  bool sent_done = false;
  for (;;) {
    bool sent_failure = false;
    {
      // A failure or the end of this rank's work is told at once, not at the next beat.
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait_for(lock, interval_, [&] { return stop_ || failed_ || (done_ && !sent_done); });
      if (stop_) break;
      sent_failure = failed_;
      sent_done = done_;
    }
    if (!round(sent_failure)) break;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  thread_running_ = false;
  changed_.notify_all();
}

bool Heartbeat::round(bool sent_failure) {
  at::Tensor flags = at::zeros({2 * static_cast<int64_t>(size_)}, at::kLong);
  bool done = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done = done_;
  }
  flags[rank_] = sent_failure ? 1 : 0;
  flags[size_ + rank_] = done ? 1 : 0;
  std::vector<at::Tensor> tensors{flags};
  try {
    pg_->allreduce(tensors)->wait();
  } catch (const std::exception& e) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_ || failed_) return false;  // ending anyway
    }
    end("lost contact with the other ranks of the job (one was killed, crashed, hangs or cannot be reached): " +
        first_line(e.what()) + known_failures());
  }
  const int64_t* f = tensors[0].data_ptr<int64_t>();
  for (int r = 0; r < size_; ++r) {
    if (r == rank_ || f[r] == 0) continue;
    std::string message = "(no message)";
    try {
      message = text_of(store_->get(failure_key(r)));
      store_->add(seen_key(r), 1);
    } catch (const std::exception&) {
    }
    if (sent_failure) return false;  // this rank is failing too; its own message says why
    end("rank " + std::to_string(r) + " of " + std::to_string(size_) + " failed: " + message);
  }
  int64_t done_count = 0;
  for (int r = 0; r < size_; ++r) done_count += f[size_ + r];
  std::lock_guard<std::mutex> lock(mutex_);
  ++rounds_;
  if (done_count == size_) all_done_ = true;
  changed_.notify_all();
  return !sent_failure && !all_done_;
}

std::string Heartbeat::known_failures() {
  std::string out;
  for (int r = 0; r < size_; ++r) {
    if (r == rank_) continue;
    try {
      if (store_->check({failure_key(r)})) out += "; rank " + std::to_string(r) + " failed: " + text_of(store_->get(failure_key(r)));
    } catch (const std::exception&) {
      return out;  // the store is gone with rank 0
    }
  }
  return out;
}

}  // namespace ser::train::dist
