// seremotion element: the inference worker of live streams, a thread consuming a bounded queue
// of windows, so that the streaming thread never waits for the network.
//
// Overload policy: when `max_pending` windows already wait, submitting one more drops the oldest
// waiting window and counts it (dropped()); the newest audio is the one worth classifying.
// Submitting never blocks. A flush discards what waits (not counted as dropped) and marks the
// window being analysed as stale (is_current() is false for it), so that its result is thrown
// away. Destruction discards what waits, lets the running window finish, and joins the thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "window_analysis.h"

namespace ser::element {

struct WindowJob {
  WindowTiming timing;
  AnalysisSettings settings;
  double speech_share = 0.0;   // the VAD's, found on the streaming thread when the window was cut
  bool post_messages = true;
  GstClockTime smoothing = 0;  // the smoothed-* fields' time constant, ns (0: none)
  std::vector<float> samples;  // the window's mono samples
  vad::SampleRange heard;      // the part of them the network hears (heard_part)
  std::uint64_t epoch = 0;     // set by submit(); see is_current()
};

class InferenceWorker {
 public:
  // `run` is called on the worker thread, with no lock of the worker held, once per window; it
  // reports its own failures (an exception it lets out is swallowed).
  using Run = std::function<void(WindowJob&)>;

  // max_pending >= 1. Starts the thread.
  InferenceWorker(std::size_t max_pending, Run run);
  ~InferenceWorker();
  InferenceWorker(const InferenceWorker&) = delete;
  InferenceWorker& operator=(const InferenceWorker&) = delete;

  // A job to fill, recycled when one is free, so that its samples keep their capacity and a
  // steady stream allocates nothing.
  WindowJob take_job();
  // Queues `job`; drops (and counts) the oldest waiting one when max_pending already wait.
  void submit(WindowJob&& job);
  // A flush: discards the waiting jobs; the running one, if any, becomes stale.
  void discard_pending();
  // Whether `job` was submitted since the last discard_pending().
  bool is_current(const WindowJob& job) const;
  // Waits until no job waits or runs (end of stream). Returns at once when the queue is empty.
  void wait_idle();
  // Discards what waits, lets the running job finish and joins the thread; the destructor does it
  // too. Call it first where `run` reaches the worker through a pointer about to be reset.
  void stop();

  std::uint64_t dropped() const;
  void reset_dropped();

 private:
  void loop();

  const std::size_t max_pending_;
  const Run run_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;  // a job arrived, or stop
  std::condition_variable idle_;  // the queue emptied and nothing runs
  std::deque<WindowJob> pending_;
  std::vector<WindowJob> free_;
  bool running_ = false;
  bool stop_ = false;
  std::uint64_t epoch_ = 0;
  std::uint64_t dropped_ = 0;
  std::thread thread_;  // last: started once everything above is initialised
};

}  // namespace ser::element
