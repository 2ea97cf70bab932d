// seremotion (internal to lib/train: includes libtorch): data-parallel training of one network by
// the members of a Group, the small part of PyTorch's DistributedDataParallel that libtorch's C++
// API lacks, written on c10d.
//
// - Start: the members build the same network from the same seed; rank 0's parameters and
//   buffers are then broadcast to every member all the same, and each member's dropout is seeded
//   apart (seed, rank), so that members do not drop the same units of their different windows.
// - Sampling: every member holds the whole training part and shuffles it with the same generator
//   (trainer.h), so each epoch has one order and one sequence of batches for all; each batch is
//   cut into the members' shares, contiguous and within one window of equal (rank r takes
//   [n r / N, n (r + 1) / N)), a distributed sampler with no padding and no window seen twice. A
//   batch in which a member would have fewer than 2 windows is skipped, as one process skips a
//   batch of one (batch norm cannot train on fewer).
// - Step: each member computes the cross-entropy of its share, weighted as one process weights
//   the whole batch, divided by the batch's total weight and multiplied by N; the gradients are
//   then averaged over the members (summed by all-reduce in buckets of at most 25 MB, the last
//   layers first, then divided by N). The average is exactly the gradient of the whole batch's
//   weighted mean loss, up to the order of the sums.
// - Batch norm: each member normalises its share by the share's own statistics, as
//   DistributedDataParallel does without SyncBatchNorm (the statistics of a batch of B windows
//   over N members come from B / N windows: keep B / N at 8 or more); the running mean and variance
//   that evaluation uses are averaged over the members after every step, so that every member
//   holds the same.
// - Every member applies the same averaged gradient with the same optimiser state, so parameters
//   stay identical (the all-reduce gives every member the same bits); check_sync verifies it after
//   every step.
// - Early stopping: rank 0 scores the validation part and decides; its figures and decisions are
//   broadcast (broadcast()), so every member keeps the same epoch and stops together.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "nn/torch_modules.h"
#include "train/dist/group.h"

namespace ser::train::dist {

class DataParallel {
 public:
  // Every member of `group` constructs it together, with the network built from `seed`.
  DataParallel(Group& group, nn::ZooNet& net, uint64_t seed);

  int rank() const { return group_.rank(); }
  int size() const { return group_.size(); }
  bool is_root() const { return group_.is_root(); }
  // The fewest windows a batch needs: 2 for every member.
  size_t min_batch() const { return 2 * static_cast<size_t>(size()); }

  // This member's share of batch (x, y): forward, loss, backward, then gradients averaged and
  // batch-norm statistics averaged over the members. `y` holds each window's class index, or one
  // row of class probabilities per window (mixup.h). `weights` holds each window's weight in the
  // loss (class or corpus balance) or is undefined (no weighting). Returns the loss of the whole
  // batch, as one process computes it (its weighted mean); NaN on every member when any member's
  // share is.
  double forward_backward(nn::ZooNet& net, const torch::Tensor& x, const torch::Tensor& y,
                          const torch::Tensor& weights);
  // After the optimiser's step: when the group checks (Group::check_sync), ser::Error unless every
  // member holds the same parameters and buffers.
  void after_step(nn::ZooNet& net, int epoch, size_t step);
  // Rank 0's `values` on every member (validation figures and decisions).
  void broadcast(std::vector<double>& values);

 private:
  Group& group_;
};

// A 64-bit hash of the network's parameters and buffers (their bytes, in order).
uint64_t parameters_hash(nn::ZooNet& net);

}  // namespace ser::train::dist
