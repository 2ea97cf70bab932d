// Benchmarks: what several of the programs in tests/bench share.
#pragma once

#include <string>
#include <vector>

namespace ser::bench {

// The 100 RAVDESS files of librosa's timing run (../shared/golden/librosa-0.11.0/
// timing_default.json), as paths under ../shared/data, in its order; empty when ../shared is absent.
std::vector<std::string> timing_files();

// CPU seconds of the whole process, every thread: on a shared machine a steadier measure of the
// work than the wall clock, which also counts waiting for a core.
double process_cpu_seconds();

// The process's resident memory now, and its peak so far, in MB.
double resident_mb();
double peak_resident_mb();

}  // namespace ser::bench
