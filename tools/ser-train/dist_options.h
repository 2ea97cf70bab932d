// ser-train: running cv and train as one job over several processes (lib/train/dist): the options
// that say where this process stands (else torchrun's or srun's environment), joining the job, and
// the cores each rank takes by default.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "train/dist/job.h"
#include "train/runs/run_config.h"
#include "train/runs/training_run.h"

namespace ser::cli {

struct DistOptions {
  std::string launcher = "torchrun";
  std::optional<int> world_size;
  std::optional<int> rank;
  std::optional<std::string> master_addr;
  std::optional<int> master_port;
  double timeout_s = 300;
  bool check_sync = false;
};

// Registers the options of the group "Distributed" on `cmd`.
void add_dist_options(CLI::App& cmd, DistOptions& o);

// Joins the job the options and the environment describe; nullptr when this process is alone (a
// world of one), which then runs exactly as without any of this. Throws ser::Error when the
// rendezvous fails. When another rank fails later, this process prints why and exits with status 1.
std::unique_ptr<train::dist::Job> join_job(const DistOptions& o);

// In a job, threads left at 0 ("every core") become this machine's cores shared among its ranks.
void share_cores(train::RunConfig& config, const train::dist::Job& job);

// Progress of a rank other than 0: its stage lines, prefixed with the rank; no progress lines,
// which would mix with rank 0's.
train::RunCallbacks rank_callbacks(const train::dist::Job& job);

// Runs `body`; when it throws in a job, the other ranks are told why before the error goes on.
int run_in_job(train::dist::Job* job, const std::function<int()>& body);

}  // namespace ser::cli
