#include "train/report/run_context.h"

#include <gtest/gtest.h>

namespace ser::train {
namespace {

TEST(RunContext, CpuModelFromX86AndArmCpuinfo) {
  const std::string x86 =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 85\n"
      "model name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\nstepping\t: 7\n\n"
      "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\n";
  EXPECT_EQ(cpu_model_from_cpuinfo(x86), "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz");
  const std::string arm = "processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n\nModel\t\t: Raspberry Pi 4 Model B\n";
  EXPECT_EQ(cpu_model_from_cpuinfo(arm), "Raspberry Pi 4 Model B");
  EXPECT_EQ(cpu_model_from_cpuinfo("processor\t: 0\n"), "unknown");
  EXPECT_EQ(cpu_model_from_cpuinfo(""), "unknown");
}

TEST(RunContext, DetectMachine) {
  const MachineInfo m = detect_machine();
  EXPECT_GE(m.cores, 1u);
  EXPECT_FALSE(m.cpu_model.empty());
}

TEST(RunContext, UtcIso8601) {
  EXPECT_EQ(utc_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_iso8601(1714566896), "2024-05-01T12:34:56Z");
  EXPECT_EQ(utc_now_iso8601().size(), 20u);
}

TEST(RunContext, CommandLineIsShellQuoted) {
  const char* argv[] = {"ser-train", "--out", "my runs/1", "--label", "it's", "", "a=b,c:d@e%f+g"};
  EXPECT_EQ(command_line(7, argv), "ser-train --out 'my runs/1' --label 'it'\\''s' '' a=b,c:d@e%f+g");
  EXPECT_EQ(command_line(0, argv), "");
}

TEST(RunContext, VersionIsTheProjects) { EXPECT_FALSE(seremotion_version().empty()); }

}  // namespace
}  // namespace ser::train
