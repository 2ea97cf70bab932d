// seremotion (internal to lib/train/dist: includes libtorch's c10d): a Group's process group, its
// store, and the tensor operations of data-parallel training.
#pragma once

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "train/dist/group.h"

namespace ser::train::dist {

class Heartbeat;

struct Group::Impl {
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  c10::intrusive_ptr<c10d::Store> store;  // the group's own prefix of the job's store
  int rank = 0;
  int size = 1;
  bool check_sync = false;
  std::chrono::milliseconds timeout{300000};
  Heartbeat* heartbeat = nullptr;  // the job's, which outlives its groups
  uint64_t arrivals = 0;           // operations that waited for every member so far

  // Waits until every member has called arrive() as often as this one (the store counts), polling;
  // the heartbeat ends the process if a member dies meanwhile.
  void arrive();
  // Waits for `work`; a failure becomes ser::Error naming `what` and, when the heartbeat knows it,
  // the rank that failed.
  void wait(const c10::intrusive_ptr<c10d::Work>& work, const std::string& what);
  // Sums each tensor over the members, in place (launched together, then waited for).
  void all_reduce_sum(std::vector<at::Tensor>& tensors, const std::string& what);
  // `root`'s tensors on every member, in place.
  void broadcast(std::vector<at::Tensor>& tensors, int root, const std::string& what);
  // Every member's tensor (all of one shape), in rank order.
  std::vector<at::Tensor> all_gather(const at::Tensor& mine, const std::string& what);
};

}  // namespace ser::train::dist
