// seremotion: how a process learns that it is one rank of a distributed job, the way PyTorch jobs
// are launched.
//
// torchrun (and torch.distributed.launch) start every rank with WORLD_SIZE, RANK, LOCAL_RANK,
// MASTER_ADDR and MASTER_PORT in its environment (`torchrun --nproc-per-node 2 --no-python
// ser-train cv ...`); under its static rendezvous it also sets TORCHELASTIC_USE_AGENT_STORE=True,
// meaning that torchrun's own agent hosts the TCPStore and every rank connects as a client under
// the prefix /worker/attempt_<TORCHELASTIC_RESTART_COUNT> (as torch.distributed does). SLURM's srun
// sets SLURM_NTASKS, SLURM_PROCID and SLURM_LOCALID instead; those are read only when asked
// (Launcher::Slurm), because a batch script that runs one ser-train without srun carries them too.
// Explicit values (ser-train's --world-size, --rank, --master-addr, --master-port) win over the
// environment.
//
// A world of one process is no job at all: the caller runs as a single process, exactly as
// without any of this.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ser::train::dist {

enum class Launcher {
  Torchrun,  // WORLD_SIZE, RANK, LOCAL_RANK, MASTER_ADDR, MASTER_PORT (torchrun's environment)
  Slurm,     // SLURM_NTASKS, SLURM_PROCID, SLURM_LOCALID; MASTER_ADDR, MASTER_PORT as torchrun's
};

// "torchrun" or "slurm"; ParameterError naming both otherwise.
Launcher parse_launcher(const std::string& name);

// What the command line says; an unset field is taken from the launcher's environment.
struct LaunchOptions {
  Launcher launcher = Launcher::Torchrun;
  std::optional<int> world_size;   // processes in the job, >= 1
  std::optional<int> rank;         // this process, in [0, world_size)
  std::optional<std::string> master_addr;  // the host of rank 0 (which hosts the rendezvous)
  std::optional<int> master_port;  // its port, in [1, 65535]
  double timeout_s = 300;          // see LaunchSettings::timeout_s; in [1, 86400]; default 300
  bool check_sync = false;         // see LaunchSettings::check_sync; default false
};

// Where this process stands in the job.
struct LaunchSettings {
  int world_size = 1;
  int rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;   // torchrun's default
  // How long a rank waits for the others: to come to the rendezvous, to answer the heartbeat, to
  // join a collective operation. A rank that dies is noticed at once (its connections close); one
  // that hangs or cannot be reached, within this time. Seconds.
  double timeout_s = 300;
  // Data-parallel training checks after every step that every rank holds the same parameters
  // (a hash of them gathered from each rank); a test of the implementation, not for production.
  bool check_sync = false;
  bool agent_store = false;  // torchrun's agent hosts the store: every rank is a client
  int restart_count = 0;     // torchrun's TORCHELASTIC_RESTART_COUNT, for the store's prefix
  std::string source;        // where the settings came from, for messages: "torchrun", "slurm", "options"

  bool distributed() const { return world_size > 1; }
  // ParameterError naming the setting (and the variable or option it came from).
  void validate() const;
};

using GetEnv = std::function<const char*(const char* name)>;

// The settings of `options` over the launcher's environment (`getenv`, std::getenv by default).
// ParameterError when a variable or option is not a number in its range, when a rank is given
// without a world size (or the reverse), or when SLURM is asked for without srun's variables or a
// multi-rank SLURM job has no MASTER_ADDR (the message says how to set it).
LaunchSettings resolve_launch(const LaunchOptions& options, const GetEnv& getenv = {});

}  // namespace ser::train::dist
