// seremotion: a group of processes of a distributed job that work together: the job's world, or
// the ranks that train one fold together. Its collective operations exchange bytes over Gloo
// (torch's c10d); every member must call the same operations in the same order.
//
// Waiting: an operation first waits, without a limit of its own, until every member has come to
// it (a member may still be extracting features or training a fold), polling the job's store;
// the job's heartbeat (heartbeat_impl.h) ends the process when a member dies, hangs or cannot be
// reached. The exchange itself must then finish within the job's timeout. A failed operation
// names what it was exchanging and, when the heartbeat learns it, the rank that failed and why.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ser::train::dist {

class Group {
 public:
  struct Impl;  // group_impl.h (libtorch)
  explicit Group(std::unique_ptr<Impl> impl);
  ~Group();
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  int rank() const;  // in the group, [0, size())
  int size() const;
  bool is_root() const { return rank() == 0; }
  // Whether data-parallel training checks after every step that the members hold the same
  // parameters (LaunchSettings::check_sync).
  bool check_sync() const;

  // Every member's `mine`, in rank order. `what` names the exchange in errors ("fold results").
  std::vector<std::string> all_gather(const std::string& mine, const std::string& what);
  // `root`'s `data` on every member (the others' `data` is ignored).
  std::string broadcast(const std::string& data, int root, const std::string& what);
  // Returns when every member has come to it.
  void barrier(const std::string& what);

  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ser::train::dist
