// seremotion (internal to lib/train/dist: includes libtorch's c10d): the heartbeat of a distributed
// job, the thread that ends every rank when one fails, dies, hangs or cannot be reached.
//
// Every `interval` the heartbeats of all ranks sum a small vector over a process group of their
// own: each rank's slots say whether it has failed and whether it is done. So:
//   - a rank that dies (killed, crashed) closes its connections: the others' next round fails at
//     once (within one interval);
//   - a rank that hangs whole or cannot be reached does not answer: the round times out after the
//     job's timeout;
//   - a rank whose work throws calls fail(message): the message goes into the store and its flag
//     into the next round, which every rank sees; they end with "rank R of N failed: message";
//   - a rank that is done calls finish(), which returns once every rank is done (the job's last
//     barrier); the heartbeat then stops.
// Ending is the handler's job (it prints and exits the process: the main thread may be anywhere,
// in a computation or a collective that will never return).
#pragma once

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ser::train::dist {

class Heartbeat {
 public:
  // Called once, from whichever thread learns of the failure first; must not return.
  using Handler = std::function<void(const std::string& message)>;

  Heartbeat(c10::intrusive_ptr<c10d::ProcessGroup> pg, c10::intrusive_ptr<c10d::Store> store, int rank, int size,
            std::chrono::milliseconds interval, std::chrono::milliseconds timeout, Handler on_failure);
  ~Heartbeat();  // stops the thread without waiting for the other ranks
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;

  // This rank failed: tells the other ranks (store and next round); returns once they were told,
  // or after the timeout.
  void fail(const std::string& message);
  // This rank is done: returns once every rank is (or ends the process when one fails first).
  void finish();
  // A collective of the main thread failed with `error`: waits up to two rounds for the heartbeat
  // to learn why (its handler then ends the process); returns when it does not.
  void explain(const std::string& error);

 private:
  void loop();
  // One exchange of the flags; false when the thread is to end (this rank's failure was told,
  // or every rank is done).
  bool round(bool sent_failure);
  // The messages of ranks that failed and left them in the store, for a round that failed.
  std::string known_failures();
  [[noreturn]] void end(const std::string& message);

  c10::intrusive_ptr<c10d::ProcessGroup> pg_;
  c10::intrusive_ptr<c10d::Store> store_;
  const int rank_;
  const int size_;
  const std::chrono::milliseconds interval_;
  const std::chrono::milliseconds timeout_;
  const Handler on_failure_;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool failed_ = false;    // this rank failed (fail())
  bool done_ = false;      // this rank is done (finish())
  bool all_done_ = false;  // every rank is: the thread has ended
  bool stop_ = false;      // the destructor
  bool thread_running_ = true;
  uint64_t rounds_ = 0;    // rounds completed
  std::thread thread_;     // last: started once everything above is set
};

}  // namespace ser::train::dist
