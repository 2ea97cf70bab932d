// Job (job.h): the rendezvous, the process groups, the heartbeat. Gloo's transport is chosen as
// torch.distributed does: the interface GLOO_SOCKET_IFNAME names, else the loopback address when
// the job runs on 127.0.0.1 or localhost, else the address this host's name resolves to.
#include "train/dist/job.h"

#include <unistd.h>

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "train/dist/group_impl.h"
#include "train/dist/heartbeat_impl.h"

namespace ser::train::dist {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kHeartbeatInterval{500};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string seconds_text(double s) {
  const auto whole = static_cast<long long>(s);
  return double(whole) == s ? std::to_string(whole) : std::to_string(s);
}

bool is_loopback(const std::string& host) { return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1"; }

std::shared_ptr<::gloo::transport::Device> gloo_device(const LaunchSettings& s) {
  if (const char* name = std::getenv("GLOO_SOCKET_IFNAME"); name && *name) {
    return c10d::ProcessGroupGloo::createDeviceForInterface(name);
  }
  if (is_loopback(s.master_addr)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

c10::intrusive_ptr<c10d::ProcessGroup> gloo_group(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                  milliseconds timeout,
                                                  const std::shared_ptr<::gloo::transport::Device>& device,
                                                  int threads) {
  auto options = c10d::ProcessGroupGloo::Options::create(timeout);
  options->devices.push_back(device);
  options->threads = threads;
  return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
}

c10::intrusive_ptr<c10d::Store> prefixed(const std::string& prefix, const c10::intrusive_ptr<c10d::Store>& store) {
  return c10::make_intrusive<c10d::PrefixStore>(prefix, store);
}

// The store of the rendezvous: rank 0 hosts it and the others connect, or (torchrun's static
// rendezvous) torchrun's agent hosts it and every rank connects under the prefix torch uses.
c10::intrusive_ptr<c10d::Store> rendezvous_store(const LaunchSettings& s, milliseconds timeout) {
  c10d::TCPStoreOptions o;
  o.port = static_cast<std::uint16_t>(s.master_port);
  o.isServer = !s.agent_store && s.rank == 0;
  o.numWorkers = static_cast<std::size_t>(s.world_size);
  o.waitWorkers = false;  // counted by await_ranks(), which can say how many came
  o.timeout = timeout;
  o.multiTenant = true;
  const std::string where = s.master_addr + ":" + std::to_string(s.master_port);
  try {
    c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::TCPStore>(s.master_addr, o);
    if (s.agent_store) store = prefixed("/worker/attempt_" + std::to_string(s.restart_count), store);
    return prefixed("seremotion", store);
  } catch (const std::exception& e) {
    const std::string why = first_line(e.what());
    std::string advice;
    if (o.isServer) {
      advice = "rank 0 hosts the rendezvous there: is the port in use (choose another --master-port / MASTER_PORT), "
               "or did some of the " + std::to_string(s.world_size) + " ranks not start within " +
               seconds_text(s.timeout_s) + " s?";
    } else {
      advice = "is rank 0 running with the same master address and port, and reachable from here (firewall)? "
               "Every rank must start within " + seconds_text(s.timeout_s) + " s (--dist-timeout)";
    }
    throw Error("distributed job: rank " + std::to_string(s.rank) + " of " + std::to_string(s.world_size) +
                " cannot join the rendezvous at " + where + ": " + why + "; " + advice);
  }
}

// Waits until every rank has come to the store; ser::Error saying how many came otherwise.
void await_ranks(c10d::Store& store, const LaunchSettings& s, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int64_t came = store.add("joined", 1);
  while (came < s.world_size) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw Error("distributed job: only " + std::to_string(came) + " of the " + std::to_string(s.world_size) +
                  " ranks came to the rendezvous at " + s.master_addr + ":" + std::to_string(s.master_port) +
                  " within " + seconds_text(s.timeout_s) + " s (--dist-timeout): start every rank with the same "
                  "world size, master address and port");
    }
    std::this_thread::sleep_for(milliseconds(20));
    came = store.add("joined", 0);
  }
}

void print_and_exit(const std::string& message) {
  std::cerr << "distributed job: " << message << std::endl;
  std::_Exit(1);
}

}  // namespace

struct Job::State {
  LaunchSettings settings;
  milliseconds timeout{0};
  std::shared_ptr<::gloo::transport::Device> device;
  c10::intrusive_ptr<c10d::Store> store;
  std::unique_ptr<Heartbeat> heartbeat;
  std::unique_ptr<Group> world;
  int local_size = 1;
  int local_rank = 0;
  int splits = 0;  // split() calls so far, for the stores' prefixes
  bool ended = false;  // finish() or fail() was called

  std::unique_ptr<Group> group(const std::string& name, int rank, int size) {
    auto impl = std::make_unique<Group::Impl>();
    impl->rank = rank;
    impl->size = size;
    impl->check_sync = settings.check_sync;
    impl->timeout = timeout;
    impl->heartbeat = heartbeat.get();
    impl->store = prefixed(name + "/ops", store);
    if (size > 1) impl->pg = gloo_group(prefixed(name + "/gloo", store), rank, size, timeout, device, 2);
    return std::make_unique<Group>(std::move(impl));
  }
};

Job::Job(const LaunchSettings& settings, FailureHandler on_failure) : state_(std::make_unique<State>()) {
  settings.validate();
  if (!settings.distributed()) throw ParameterError("a distributed job needs a world of at least 2 processes");
  State& s = *state_;
  s.settings = settings;
  s.timeout = milliseconds(static_cast<long long>(settings.timeout_s * 1000));
  s.store = rendezvous_store(settings, s.timeout);
  try {
    await_ranks(*s.store, settings, s.timeout);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("distributed job: rank " + std::to_string(settings.rank) + " lost the rendezvous at " +
                settings.master_addr + ":" + std::to_string(settings.master_port) + ": " + first_line(e.what()));
  }
  try {
    s.device = gloo_device(settings);
    auto beat = gloo_group(prefixed("heartbeat/gloo", s.store), settings.rank, settings.world_size, s.timeout,
                           s.device, 1);
    s.heartbeat = std::make_unique<Heartbeat>(beat, prefixed("heartbeat", s.store), settings.rank,
                                              settings.world_size, kHeartbeatInterval, s.timeout,
                                              on_failure ? on_failure : Heartbeat::Handler(print_and_exit));
    s.world = s.group("world", settings.rank, settings.world_size);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("distributed job: rank " + std::to_string(settings.rank) + " cannot connect to the other ranks: " +
                first_line(e.what()) + " (set GLOO_SOCKET_IFNAME to the network interface the ranks share)");
  }
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::vector<std::string> hosts = s.world->all_gather(host, "host names");
  for (int r = 0; r < settings.world_size; ++r) {
    if (hosts[static_cast<size_t>(r)] != host) continue;
    if (r < settings.rank) ++s.local_rank;
  }
  s.local_size = 0;
  for (const auto& h : hosts) s.local_size += h == host;
}

Job::~Job() {
  if (!state_->ended) fail("it ended without finishing its work");
  state_->world.reset();
  state_->heartbeat.reset();
}

int Job::rank() const { return state_->settings.rank; }
int Job::size() const { return state_->settings.world_size; }
int Job::local_size() const { return state_->local_size; }
int Job::local_rank() const { return state_->local_rank; }
const LaunchSettings& Job::settings() const { return state_->settings; }
Group& Job::world() { return *state_->world; }

std::unique_ptr<Group> Job::split(int n) {
  if (n < 1 || n > size()) throw ParameterError("cannot split " + std::to_string(size()) + " ranks into " + std::to_string(n) + " groups");
  const int id = state_->splits++;
  const int g = rank() % n;
  int members = 0, position = 0;
  for (int r = 0; r < size(); ++r) {
    if (r % n != g) continue;
    if (r < rank()) ++position;
    ++members;
  }
  // Every rank comes here before any group is made, so that Gloo's rendezvous of each finds all
  // of its members within the timeout.
  world().barrier("the split into groups");
  return state_->group("split" + std::to_string(id) + "/" + std::to_string(g), position, members);
}

void Job::fail(const std::string& message) noexcept {
  if (state_->ended) return;
  state_->ended = true;
  try {
    state_->heartbeat->fail(message);
  } catch (...) {
  }
}

void Job::finish() {
  if (state_->ended) return;
  state_->heartbeat->finish();
  state_->ended = true;
}

std::string rank_prefix(const Job* job) {
  if (!job) return "";
  return "rank " + std::to_string(job->rank()) + "/" + std::to_string(job->size()) + ": ";
}

}  // namespace ser::train::dist
