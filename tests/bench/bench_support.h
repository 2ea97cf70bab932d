// Benchmarks: what several of the programs in tests/bench share.
#pragma once

#include <functional>
#include <string>
#include <utility>
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

// Best wall and CPU seconds over `rounds` passes of `pass`.
std::pair<double, double> best_of(int rounds, const std::function<void()>& pass);

// The timing run's files decoded at `rate` (mono float), and the seconds of audio they hold.
struct DecodedFiles {
  std::vector<std::vector<float>> audio;
  double seconds = 0.0;
};
DecodedFiles decode_all(const std::vector<std::string>& files, int rate);

// The --rounds N option of the timing programs (default `fallback`, at least 1); -1 after printing
// the usage on stderr when argv holds anything else.
int rounds_option(int argc, char** argv, int fallback);

}  // namespace ser::bench
