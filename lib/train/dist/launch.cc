#include "train/dist/launch.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

#include "common/error.h"

namespace ser::train::dist {
namespace {

// An integer environment variable in [lo, hi], or nullopt when unset or empty.
std::optional<int> env_int(const GetEnv& getenv, const char* name, int lo, int hi) {
  const char* text = getenv(name);
  if (!text || !*text) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) {
    throw ParameterError(std::string("the environment variable ") + name + " must be an integer in [" +
                         std::to_string(lo) + ", " + std::to_string(hi) + "] (got '" + text + "')");
  }
  return static_cast<int>(v);
}

std::optional<std::string> env_text(const GetEnv& getenv, const char* name) {
  const char* text = getenv(name);
  if (!text || !*text) return std::nullopt;
  return std::string(text);
}

constexpr int kMaxWorld = 1 << 20;

}  // namespace

Launcher parse_launcher(const std::string& name) {
  if (name == "torchrun") return Launcher::Torchrun;
  if (name == "slurm") return Launcher::Slurm;
  throw ParameterError("unknown launcher '" + name + "': torchrun or slurm");
}

void LaunchSettings::validate() const {
  if (world_size < 1) throw ParameterError("the world size must be >= 1 (got " + std::to_string(world_size) + ")");
  if (rank < 0 || rank >= world_size) {
    throw ParameterError("rank " + std::to_string(rank) + " is not in [0, " + std::to_string(world_size) +
                         ") for a world of " + std::to_string(world_size) + " (" + source + ")");
  }
  if (master_port < 1 || master_port > 65535) {
    throw ParameterError("the master port must be in [1, 65535] (got " + std::to_string(master_port) + ")");
  }
  if (master_addr.empty()) throw ParameterError("the master address is empty (" + source + ")");
  if (!(timeout_s >= 1 && timeout_s <= 86400)) {
    throw ParameterError("the distributed timeout must be in [1, 86400] s (got " + std::to_string(timeout_s) + ")");
  }
}

LaunchSettings resolve_launch(const LaunchOptions& o, const GetEnv& given_getenv) {
  const GetEnv getenv = given_getenv ? given_getenv : GetEnv([](const char* n) { return std::getenv(n); });
  LaunchSettings s;
  s.timeout_s = o.timeout_s;
  s.check_sync = o.check_sync;
  std::optional<int> world, rank;
  if (o.launcher == Launcher::Slurm) {
    s.source = "slurm";
    world = env_int(getenv, "SLURM_NTASKS", 1, kMaxWorld);
    rank = env_int(getenv, "SLURM_PROCID", 0, kMaxWorld);
    if (!world || !rank) {
      throw ParameterError("--launcher slurm, but SLURM_NTASKS and SLURM_PROCID are not set: start ser-train with "
                           "srun (docs/ser-train.md, 'Several processes')");
    }
  } else {
    s.source = "torchrun";
    world = env_int(getenv, "WORLD_SIZE", 1, kMaxWorld);
    rank = env_int(getenv, "RANK", 0, kMaxWorld);
    s.agent_store = env_text(getenv, "TORCHELASTIC_USE_AGENT_STORE").value_or("") == "True";
    s.restart_count = env_int(getenv, "TORCHELASTIC_RESTART_COUNT", 0, std::numeric_limits<int>::max()).value_or(0);
  }
  const auto addr = env_text(getenv, "MASTER_ADDR");
  const auto port = env_int(getenv, "MASTER_PORT", 1, 65535);
  if (o.world_size || o.rank) {
    if (!o.world_size || !o.rank) throw ParameterError("--world-size and --rank go together: give both");
    world = o.world_size;
    rank = o.rank;
    s.source = "options";
    s.agent_store = false;
  }
  if (world.value_or(1) > 1 && !rank) {
    throw ParameterError("a world of " + std::to_string(*world) + " processes but no rank: set RANK (or --rank)");
  }
  s.world_size = world.value_or(1);
  s.rank = rank.value_or(0);
  if (o.master_addr) {
    s.master_addr = *o.master_addr;
  } else if (addr) {
    s.master_addr = *addr;
  } else if (o.launcher == Launcher::Slurm && s.world_size > 1) {
    throw ParameterError("--launcher slurm needs the host of rank 0 in MASTER_ADDR: in the batch script, export "
                         "MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)");
  }
  if (o.master_port) {
    s.master_port = *o.master_port;
  } else if (port) {
    s.master_port = *port;
  }
  s.validate();
  return s;
}

}  // namespace ser::train::dist
