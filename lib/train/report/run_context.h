// seremotion: where and how a run happened, for its report: the machine, the date, the command.
#pragma once

#include <ctime>
#include <string>

namespace ser::train {

struct MachineInfo {
  unsigned cores = 0;     // logical CPUs (std::thread::hardware_concurrency); 0 when unknown
  std::string cpu_model;  // /proc/cpuinfo's "model name" (x86) or "Model"/"Hardware" (ARM); "unknown"
};

// This machine. Never throws: what cannot be read is reported as unknown.
MachineInfo detect_machine();
// The CPU model named in the text of a /proc/cpuinfo ("unknown" when it names none).
std::string cpu_model_from_cpuinfo(const std::string& cpuinfo);

// A time as UTC ISO 8601 to the second, e.g. "2024-05-01T12:34:56Z".
std::string utc_iso8601(std::time_t t);
std::string utc_now_iso8601();

// The command line as a POSIX shell would take it back: arguments joined by spaces, each quoted
// with '...' when it holds anything but letters, digits and -_./=:,+@% (so the report's command
// can be pasted to repeat the run).
std::string command_line(int argc, const char* const* argv);

// This build's version (meson.build's project version), e.g. "0.1.0".
std::string seremotion_version();
// The libtorch this build links, e.g. "1.13.1".
std::string libtorch_version();

}  // namespace ser::train
