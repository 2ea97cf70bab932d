// The live streams' inference worker (gst/inference_worker.h) on its own: the overload policy
// (the oldest waiting window is dropped and counted), flushes (what waits is discarded uncounted,
// the running window becomes stale), recycling, and a run that throws. The worker's callback
// waits at a gate, so the tests decide when it runs, without sleeping.
#include "inference_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "thread_gate.h"

namespace ser::element {
namespace {

using element_test::Gate;

// What the callback saw of each job it ran.
struct Ran {
  std::uint64_t index;
  bool current;
};

// A worker whose callback records each job it runs; with `block_first`, the first job waits at
// the gate until the test opens it, so that the test can queue, drop and flush meanwhile.
class RecordingWorker {
 public:
  RecordingWorker(std::size_t max_pending, bool block_first)
      : block_(block_first), worker(max_pending, [this](WindowJob& j) { record(j); }) {}

  // Submits window `index`.
  void submit(std::uint64_t index) {
    WindowJob j = worker.take_job();
    j.timing.index = index;
    j.samples.assign(1000, 0.0f);
    worker.submit(std::move(j));
  }
  // Submits window 0 and waits until it runs (and waits at the gate).
  bool start_blocked_window() {
    submit(0);
    return gate.wait_arrivals(1);
  }
  std::vector<Ran> ran() {
    std::lock_guard<std::mutex> lock(mutex_);
    return ran_;
  }
  std::vector<std::uint64_t> indices() {
    std::vector<std::uint64_t> out;
    for (const Ran& r : ran()) out.push_back(r.index);
    return out;
  }

  Gate gate;

 private:
  void record(WindowJob& j) {
    if (block_.exchange(false)) gate.arrive_and_wait();
    std::lock_guard<std::mutex> lock(mutex_);
    ran_.push_back({j.timing.index, worker.is_current(j)});
  }

  std::atomic<bool> block_;
  std::mutex mutex_;
  std::vector<Ran> ran_;

 public:
  InferenceWorker worker;  // last: its thread starts once the members above exist
};

TEST(InferenceWorker, RunsEveryWindowInOrderWhenItKeepsUp) {
  RecordingWorker w(4, false);
  for (std::uint64_t i = 0; i < 3; ++i) {
    w.submit(i);
    w.worker.wait_idle();
  }
  EXPECT_EQ(w.indices(), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(w.worker.dropped(), 0u);
}

TEST(InferenceWorker, UnderOverloadDropsTheOldestWaitingWindowAndCountsIt) {
  RecordingWorker w(2, true);
  ASSERT_TRUE(w.start_blocked_window()) << "the worker never ran window 0";
  // Window 0 runs; 1 and 2 fill the queue; 3 drops 1, 4 drops 2.
  for (std::uint64_t i = 1; i <= 4; ++i) w.submit(i);
  EXPECT_EQ(w.worker.dropped(), 2u);
  w.gate.open();
  w.worker.wait_idle();
  EXPECT_EQ(w.indices(), (std::vector<std::uint64_t>{0, 3, 4}));
  EXPECT_EQ(w.worker.dropped(), 2u);
  w.worker.reset_dropped();
  EXPECT_EQ(w.worker.dropped(), 0u);
}

TEST(InferenceWorker, AFlushDiscardsWhatWaitsUncountedAndMakesTheRunningWindowStale) {
  RecordingWorker w(4, true);
  ASSERT_TRUE(w.start_blocked_window());
  w.submit(1);
  w.submit(2);
  w.worker.discard_pending();  // the flush: 1 and 2 never run, window 0 is from before it
  w.submit(0);                 // the first window after the flush
  w.gate.open();
  w.worker.wait_idle();
  const auto ran = w.ran();
  ASSERT_EQ(ran.size(), 2u);
  EXPECT_EQ(ran[0].index, 0u);
  EXPECT_FALSE(ran[0].current) << "the window running during the flush must be stale";
  EXPECT_EQ(ran[1].index, 0u);
  EXPECT_TRUE(ran[1].current) << "a window submitted after the flush is current";
  EXPECT_EQ(w.worker.dropped(), 0u) << "a flush is not an overload";
}

TEST(InferenceWorker, EachFlushStartsANewEpoch) {
  RecordingWorker w(4, true);
  ASSERT_TRUE(w.start_blocked_window());
  w.worker.discard_pending();
  w.submit(1);  // current after the first flush...
  w.worker.discard_pending();  // ...discarded by the second
  w.submit(2);
  w.gate.open();
  w.worker.wait_idle();
  const auto ran = w.ran();
  ASSERT_EQ(ran.size(), 2u);
  EXPECT_EQ(ran[0].index, 0u);
  EXPECT_FALSE(ran[0].current);
  EXPECT_EQ(ran[1].index, 2u);
  EXPECT_TRUE(ran[1].current);
}

TEST(InferenceWorker, RecyclesJobsSoThatTheirSamplesKeepTheirCapacity) {
  InferenceWorker worker(2, [](WindowJob&) {});
  WindowJob first = worker.take_job();
  first.samples.assign(48000, 0.5f);
  worker.submit(std::move(first));
  worker.wait_idle();
  const WindowJob again = worker.take_job();
  EXPECT_GE(again.samples.capacity(), 48000u);
  EXPECT_TRUE(worker.take_job().samples.empty()) << "a second take makes a new job";
}

TEST(InferenceWorker, ARunThatThrowsDoesNotEndTheThread) {
  std::vector<std::uint64_t> ran;
  InferenceWorker worker(4, [&ran](WindowJob& j) {
    ran.push_back(j.timing.index);
    if (j.timing.index == 0) throw std::runtime_error("the network failed");
  });
  for (std::uint64_t i = 0; i < 2; ++i) {
    WindowJob j = worker.take_job();
    j.timing.index = i;
    worker.submit(std::move(j));
    worker.wait_idle();
  }
  EXPECT_EQ(ran, (std::vector<std::uint64_t>{0, 1}));
}

}  // namespace
}  // namespace ser::element
