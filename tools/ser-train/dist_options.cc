#include "dist_options.h"

#include <cstdlib>
#include <iostream>
#include <thread>

#include "common/error.h"
#include "option_checks.h"

namespace ser::cli {

void add_dist_options(CLI::App& cmd, DistOptions& o) {
  const char* group = "Distributed (docs/ser-train.md, 'Several processes')";
  cmd.add_option("--launcher", o.launcher,
                 "Where the world size and rank come from when not given: torchrun (WORLD_SIZE, RANK, MASTER_ADDR, "
                 "MASTER_PORT) or slurm (srun's SLURM_NTASKS, SLURM_PROCID; MASTER_ADDR, MASTER_PORT)")
      ->check(CLI::IsMember({"torchrun", "slurm"}))->capture_default_str()->group(group);
  cmd.add_option("--world-size", o.world_size, "Processes in the job (default: the launcher's; 1: this one alone)")
      ->check(number_in(1, 1 << 20))->group(group);
  cmd.add_option("--rank", o.rank, "This process's rank in [0, world size); rank 0 hosts the rendezvous and writes "
                                   "the outputs")
      ->check(number_in(0, 1 << 20))->group(group);
  cmd.add_option("--master-addr", o.master_addr, "Host of rank 0 (default: MASTER_ADDR, else 127.0.0.1)")->group(group);
  cmd.add_option("--master-port", o.master_port, "Port of the rendezvous on rank 0 (default: MASTER_PORT, else 29500)")
      ->check(number_in(1, 65535))->group(group);
  cmd.add_option("--dist-timeout", o.timeout_s,
                 "Seconds a rank waits for the others (to start, to answer, to join an exchange); a rank that dies "
                 "ends the job at once, one that hangs or cannot be reached within this time")
      ->check(number_in(1.0, 86400.0))->capture_default_str()->group(group);
  cmd.add_flag("--dist-check-sync", o.check_sync,
               "Data-parallel training: check after every step that every rank holds the same parameters (slow; "
               "a test of the implementation)")
      ->group(group);
}

std::unique_ptr<train::dist::Job> join_job(const DistOptions& o) {
  train::dist::LaunchOptions lo;
  lo.launcher = train::dist::parse_launcher(o.launcher);
  lo.world_size = o.world_size;
  lo.rank = o.rank;
  lo.master_addr = o.master_addr;
  lo.master_port = o.master_port;
  lo.timeout_s = o.timeout_s;
  lo.check_sync = o.check_sync;
  const train::dist::LaunchSettings settings = train::dist::resolve_launch(lo);
  if (!settings.distributed()) return nullptr;
  const std::string who = "rank " + std::to_string(settings.rank) + "/" + std::to_string(settings.world_size);
  return std::make_unique<train::dist::Job>(settings, [who](const std::string& message) {
    std::cerr << "ser-train: error: " << who << ": distributed job: " << message << std::endl;
    std::_Exit(1);
  });
}

void share_cores(train::RunConfig& config, const train::dist::Job& job) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int share = std::max(1, cores / std::max(1, job.local_size()));
  if (config.trainer.threads == 0) config.trainer.threads = share;
  if (config.data.jobs == 0) config.data.jobs = share;
}

train::RunCallbacks rank_callbacks(const train::dist::Job& job) {
  train::RunCallbacks c;
  const std::string prefix = "ser-train: " + train::dist::rank_prefix(&job);
  c.stage = [prefix](const std::string& message) { std::cerr << prefix << message << std::endl; };
  return c;
}

int run_in_job(train::dist::Job* job, const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& e) {
    if (!job) throw;
    job->fail(e.what());
    throw Error(train::dist::rank_prefix(job) + e.what());
  } catch (const std::exception& e) {
    if (job) job->fail(e.what());
    throw;
  }
}

}  // namespace ser::cli
