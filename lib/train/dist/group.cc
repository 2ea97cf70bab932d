#include "train/dist/group.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "common/error.h"
#include "train/dist/group_impl.h"
#include "train/dist/heartbeat_impl.h"

namespace ser::train::dist {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

at::Tensor bytes_tensor(const std::string& bytes, int64_t length) {
  at::Tensor t = at::zeros({std::max<int64_t>(length, 1)}, at::kByte);
  std::memcpy(t.data_ptr<uint8_t>(), bytes.data(), bytes.size());
  return t;
}

}  // namespace

Group::Group(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Group::~Group() = default;

int Group::rank() const { return impl_->rank; }
int Group::size() const { return impl_->size; }
bool Group::check_sync() const { return impl_->check_sync; }

void Group::Impl::arrive() {
  const std::string key = "arrive/" + std::to_string(++arrivals);
  store->add(key, 1);
  auto delay = std::chrono::milliseconds(1);
  while (store->add(key, 0) < size) {
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(50));
  }
}

void Group::Impl::wait(const c10::intrusive_ptr<c10d::Work>& work, const std::string& what) {
  try {
    work->wait();
  } catch (const std::exception& e) {
    const std::string error = first_line(e.what());
    if (heartbeat) heartbeat->explain(error);  // ends the process when it learns why
    throw Error("distributed job: the exchange of " + what + " failed: " + error +
                " (another rank ended or cannot be reached; its own output says why)");
  }
}

void Group::Impl::all_reduce_sum(std::vector<at::Tensor>& tensors, const std::string& what) {
  if (size == 1) return;
  std::vector<c10::intrusive_ptr<c10d::Work>> works;
  std::vector<std::vector<at::Tensor>> each(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    each[i] = {tensors[i]};
    works.push_back(pg->allreduce(each[i]));
  }
  for (auto& w : works) wait(w, what);
}

void Group::Impl::broadcast(std::vector<at::Tensor>& tensors, int root, const std::string& what) {
  if (size == 1) return;
  c10d::BroadcastOptions options;
  options.rootRank = root;
  std::vector<c10::intrusive_ptr<c10d::Work>> works;
  std::vector<std::vector<at::Tensor>> each(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    each[i] = {tensors[i]};
    works.push_back(pg->broadcast(each[i], options));
  }
  for (auto& w : works) wait(w, what);
}

std::vector<at::Tensor> Group::Impl::all_gather(const at::Tensor& mine, const std::string& what) {
  if (size == 1) return {mine};
  std::vector<std::vector<at::Tensor>> out(1);
  for (int r = 0; r < size; ++r) out[0].push_back(at::empty_like(mine));
  std::vector<at::Tensor> in{mine};
  wait(pg->allgather(out, in), what);
  return out[0];
}

std::vector<std::string> Group::all_gather(const std::string& mine, const std::string& what) {
  Impl& g = *impl_;
  if (g.size == 1) return {mine};
  g.arrive();
  const at::Tensor length = at::full({1}, static_cast<int64_t>(mine.size()), at::kLong);
  const std::vector<at::Tensor> lengths = g.all_gather(length, what + " (sizes)");
  int64_t longest = 0;
  for (const auto& l : lengths) longest = std::max(longest, l.item<int64_t>());
  const std::vector<at::Tensor> parts = g.all_gather(bytes_tensor(mine, longest), what);
  std::vector<std::string> out;
  for (int r = 0; r < g.size; ++r) {
    const auto* p = reinterpret_cast<const char*>(parts[static_cast<size_t>(r)].data_ptr<uint8_t>());
    out.emplace_back(p, static_cast<size_t>(lengths[static_cast<size_t>(r)].item<int64_t>()));
  }
  return out;
}

std::string Group::broadcast(const std::string& data, int root, const std::string& what) {
  Impl& g = *impl_;
  if (g.size == 1) return data;
  g.arrive();
  std::vector<at::Tensor> length{at::full({1}, static_cast<int64_t>(data.size()), at::kLong)};
  g.broadcast(length, root, what + " (size)");
  const int64_t n = length[0].item<int64_t>();
  std::vector<at::Tensor> bytes{bytes_tensor(g.rank == root ? data : std::string(), n)};
  g.broadcast(bytes, root, what);
  return std::string(reinterpret_cast<const char*>(bytes[0].data_ptr<uint8_t>()), static_cast<size_t>(n));
}

void Group::barrier(const std::string& what) {
  Impl& g = *impl_;
  if (g.size == 1) return;
  g.arrive();
  std::vector<at::Tensor> token{at::zeros({1}, at::kLong)};
  g.all_reduce_sum(token, what);
}

}  // namespace ser::train::dist
