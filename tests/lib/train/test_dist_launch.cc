// How a process learns its place in a distributed job: torchrun's environment, srun's, options.
#include "train/dist/launch.h"

#include <gtest/gtest.h>

#include <map>

#include "common/error.h"
#include "lib/data/error_of.h"

namespace ser::train::dist {
namespace {

using data::test::error_of;
using data::test::mentions;

GetEnv env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(Launch, NothingSetIsOneProcess) {
  const LaunchSettings s = resolve_launch({}, env({}));
  EXPECT_FALSE(s.distributed());
  EXPECT_EQ(s.world_size, 1);
  EXPECT_EQ(s.rank, 0);
}

TEST(Launch, TorchrunsEnvironment) {
  const LaunchSettings s = resolve_launch(
      {}, env({{"WORLD_SIZE", "4"}, {"RANK", "3"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node7"}, {"MASTER_PORT", "1234"}}));
  EXPECT_TRUE(s.distributed());
  EXPECT_EQ(s.world_size, 4);
  EXPECT_EQ(s.rank, 3);
  EXPECT_EQ(s.master_addr, "node7");
  EXPECT_EQ(s.master_port, 1234);
  EXPECT_FALSE(s.agent_store);
  EXPECT_EQ(s.source, "torchrun");
}

TEST(Launch, TorchrunsAgentStoreUsesItsPrefix) {
  const LaunchSettings s = resolve_launch({}, env({{"WORLD_SIZE", "2"}, {"RANK", "0"},
                                                   {"TORCHELASTIC_USE_AGENT_STORE", "True"},
                                                   {"TORCHELASTIC_RESTART_COUNT", "2"}}));
  EXPECT_TRUE(s.agent_store);
  EXPECT_EQ(s.restart_count, 2);
  EXPECT_EQ(s.master_addr, "127.0.0.1");
  EXPECT_EQ(s.master_port, 29500);
}

TEST(Launch, OptionsWinOverTheEnvironment) {
  LaunchOptions o;
  o.world_size = 2;
  o.rank = 1;
  o.master_addr = "10.0.0.1";
  o.master_port = 4000;
  const LaunchSettings s = resolve_launch(o, env({{"WORLD_SIZE", "8"}, {"RANK", "5"}, {"MASTER_PORT", "1"},
                                                  {"TORCHELASTIC_USE_AGENT_STORE", "True"}}));
  EXPECT_EQ(s.world_size, 2);
  EXPECT_EQ(s.rank, 1);
  EXPECT_EQ(s.master_addr, "10.0.0.1");
  EXPECT_EQ(s.master_port, 4000);
  EXPECT_FALSE(s.agent_store);
  EXPECT_EQ(s.source, "options");
}

TEST(Launch, SlurmOnlyWhenAsked) {
  const auto vars = env({{"SLURM_NTASKS", "8"}, {"SLURM_PROCID", "6"}, {"MASTER_ADDR", "n01"}});
  EXPECT_FALSE(resolve_launch({}, vars).distributed());  // a batch script's variables, no srun
  LaunchOptions o;
  o.launcher = Launcher::Slurm;
  const LaunchSettings s = resolve_launch(o, vars);
  EXPECT_EQ(s.world_size, 8);
  EXPECT_EQ(s.rank, 6);
  EXPECT_EQ(s.master_addr, "n01");
  EXPECT_EQ(s.source, "slurm");
}

TEST(Launch, MistakesSayWhatToSet) {
  LaunchOptions slurm;
  slurm.launcher = Launcher::Slurm;
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { resolve_launch(slurm, env({})); }), "srun"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] {
                         resolve_launch(slurm, env({{"SLURM_NTASKS", "2"}, {"SLURM_PROCID", "0"}}));
                       }),
                       "MASTER_ADDR=$(scontrol show hostnames"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { resolve_launch({}, env({{"WORLD_SIZE", "two"}})); }),
                       "WORLD_SIZE"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { resolve_launch({}, env({{"WORLD_SIZE", "2"}})); }), "RANK"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] {
                         resolve_launch({}, env({{"WORLD_SIZE", "2"}, {"RANK", "2"}}));
                       }),
                       "rank 2 is not in [0, 2)"));
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { resolve_launch({}, env({{"MASTER_PORT", "70000"}})); }),
                       "MASTER_PORT"));
  LaunchOptions half;
  half.rank = 1;
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { resolve_launch(half, env({})); }), "--world-size and --rank"));
  EXPECT_THROW(parse_launcher("mpi"), ParameterError);
}

}  // namespace
}  // namespace ser::train::dist
