#include "train/dist/data_parallel_impl.h"

#include <torch/nn/functional/loss.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "train/dist/group_impl.h"
#include "train/inputs/content_hash.h"

namespace ser::train::dist {
namespace {

constexpr size_t kBucketBytes = 25u << 20;  // DistributedDataParallel's default bucket

// What is averaged after a step: every parameter's gradient (the last layers first, as their
// gradients are ready first), then the floating-point buffers (batch norm's running statistics).
std::vector<torch::Tensor> averaged_tensors(nn::ZooNet& net) {
  std::vector<torch::Tensor> out;
  auto parameters = net.parameters();
  for (auto it = parameters.rbegin(); it != parameters.rend(); ++it) {
    // A parameter the batch did not reach has no gradient; zeros keep every member's buckets alike.
    if (!it->grad().defined()) it->mutable_grad() = torch::zeros_like(*it);
    out.push_back(it->grad());
  }
  for (auto& b : net.buffers()) {
    if (b.is_floating_point()) out.push_back(b);
  }
  return out;
}

// The tensors in flat buckets of at most kBucketBytes (a larger tensor is a bucket of its own).
std::vector<std::vector<size_t>> buckets_of(const std::vector<torch::Tensor>& tensors) {
  std::vector<std::vector<size_t>> out;
  size_t bytes = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const size_t n = static_cast<size_t>(tensors[i].numel()) * tensors[i].element_size();
    if (out.empty() || bytes + n > kBucketBytes) {
      out.emplace_back();
      bytes = 0;
    }
    out.back().push_back(i);
    bytes += n;
  }
  return out;
}

}  // namespace

DataParallel::DataParallel(Group& group, nn::ZooNet& net, uint64_t seed) : group_(group) {
  torch::NoGradGuard no_grad;
  std::vector<at::Tensor> state;
  for (const auto& p : net.parameters()) state.push_back(p.detach());
  for (const auto& b : net.buffers()) state.push_back(b.detach());
  group_.impl().arrive();
  group_.impl().broadcast(state, 0, "the initial parameters");
  if (rank() > 0) torch::manual_seed(hash_combine(seed, static_cast<uint64_t>(rank())));
}

double DataParallel::forward_backward(nn::ZooNet& net, const torch::Tensor& x, const torch::Tensor& y,
                                      const torch::Tensor& weights) {
  const int64_t n = x.size(0);
  const int64_t members = size();
  const int64_t lo = n * rank() / members;
  const int64_t hi = n * (rank() + 1) / members;
  const torch::Tensor ys = y.narrow(0, lo, hi - lo);
  // The whole batch's total weight, as the weighted mean of one process divides by it.
  const double total = weights.defined() ? weights.sum().item<double>() : static_cast<double>(n);
  const torch::Tensor logits = net.forward(x.narrow(0, lo, hi - lo));
  torch::Tensor share_sum;
  if (weights.defined()) {
    const auto none = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone);
    share_sum = (torch::nn::functional::cross_entropy(logits, ys, none) * weights.narrow(0, lo, hi - lo)).sum();
  } else {
    const auto sum = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
    share_sum = torch::nn::functional::cross_entropy(logits, ys, sum);
  }
  (share_sum * (static_cast<double>(members) / total)).backward();

  std::vector<torch::Tensor> tensors = averaged_tensors(net);
  const auto buckets = buckets_of(tensors);
  std::vector<at::Tensor> flat;
  {
    torch::NoGradGuard no_grad;
    for (const auto& bucket : buckets) {
      std::vector<torch::Tensor> parts;
      for (size_t i : bucket) parts.push_back(tensors[i].reshape(-1));
      flat.push_back(torch::cat(parts));
    }
    flat.push_back(torch::full({1}, share_sum.item<double>() / total, torch::kDouble));
    group_.impl().all_reduce_sum(flat, "gradients");
    for (size_t b = 0; b < buckets.size(); ++b) {
      flat[b].div_(static_cast<double>(members));
      int64_t offset = 0;
      for (size_t i : buckets[b]) {
        const int64_t count = tensors[i].numel();
        tensors[i].copy_(flat[b].narrow(0, offset, count).view_as(tensors[i]));
        offset += count;
      }
    }
  }
  const double loss = flat.back().item<double>();
  return std::isfinite(loss) ? loss : std::numeric_limits<double>::quiet_NaN();
}

void DataParallel::after_step(nn::ZooNet& net, int epoch, size_t step) {
  if (!group_.check_sync()) return;
  const at::Tensor mine = at::full({1}, static_cast<int64_t>(parameters_hash(net)), at::kLong);
  const std::vector<at::Tensor> all = group_.impl().all_gather(mine, "the parameters' hashes");
  for (int r = 1; r < size(); ++r) {
    if (all[static_cast<size_t>(r)].item<int64_t>() != all[0].item<int64_t>()) {
      throw Error("data-parallel training: after step " + std::to_string(step) + " of epoch " + std::to_string(epoch) +
                  " the parameters of rank " + std::to_string(r) + " differ from rank 0's");
    }
  }
}

void DataParallel::broadcast(std::vector<double>& values) {
  std::vector<at::Tensor> t{torch::tensor(values, torch::kDouble)};
  group_.impl().arrive();  // rank 0 may still be scoring the validation part
  group_.impl().broadcast(t, 0, "rank 0's validation result");
  const double* v = t[0].data_ptr<double>();
  values.assign(v, v + values.size());
}

uint64_t parameters_hash(nn::ZooNet& net) {
  std::string bytes;
  auto add = [&](const torch::Tensor& t) {
    const torch::Tensor c = t.detach().contiguous();
    bytes.append(static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.numel()) * c.element_size());
  };
  for (const auto& p : net.parameters()) add(p);
  for (const auto& b : net.buffers()) add(b);
  return hash_text(bytes);
}

}  // namespace ser::train::dist
