// seremotion: one process's membership of a distributed job (several ser-train processes, on one
// machine or many, working on one run), on PyTorch's own distributed layer: a TCPStore for the
// rendezvous (hosted by rank 0, or by torchrun's agent) and Gloo process groups over TCP
// (libtorch's c10d).
//
// Joining: every rank connects to the store at master_addr:master_port and waits (up to the
// timeout) for the others; then the world's process group and the heartbeat's are made. A job
// that does not assemble is an error naming the address, the timeout and what to check.
//
// Ending: a rank whose work succeeded calls finish(), the job's last barrier. A rank whose work
// failed calls fail(message): the other ranks end at once with "rank R of N failed: message".
// A rank that dies, hangs or cannot be reached ends the others through the heartbeat
// (heartbeat_impl.h): at once when it died, within the timeout otherwise. The process ends through
// the job's failure handler (the caller's: it prints the message and exits non-zero), since the
// main thread may be in a computation or a collective that will never return. A Job destroyed
// without finish() or fail() counts as failed.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "train/dist/group.h"
#include "train/dist/launch.h"

namespace ser::train::dist {

class Job {
 public:
  // Prints the message and ends the process with a non-zero status; must not return.
  using FailureHandler = std::function<void(const std::string& message)>;

  // Joins the job `settings` describes (settings.distributed() must hold). Throws ser::Error when
  // the rendezvous fails (no rank 0 at the address, a port in use, ranks missing at the timeout).
  // `on_failure` empty: print "distributed job: MESSAGE" on stderr and exit with status 1.
  Job(const LaunchSettings& settings, FailureHandler on_failure = {});
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  int rank() const;
  int size() const;
  bool is_root() const { return rank() == 0; }
  // The ranks on this machine (same host name) and this one's place among them: each takes its
  // share of the cores by default.
  int local_size() const;
  int local_rank() const;
  const LaunchSettings& settings() const;

  // Every rank of the job.
  Group& world();
  // The ranks in `n` groups (rank r in group r mod n), for work that `n` teams share; every rank
  // must call it. Returns this rank's group (a group of one when it is alone in it).
  std::unique_ptr<Group> split(int n);

  // This rank's work failed with `message`: the other ranks are told and end. Returns once they
  // were told (or after the timeout); the caller then reports the error and exits.
  void fail(const std::string& message) noexcept;
  // This rank's work is done: returns once every rank's is (or ends the process when one fails).
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// "rank 1/4: " for messages of a distributed job; "" for a single process.
std::string rank_prefix(const Job* job);

}  // namespace ser::train::dist
