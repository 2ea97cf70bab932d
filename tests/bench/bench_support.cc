#include "bench/bench_support.h"

#include <sys/resource.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/shared_data.h"

namespace ser::bench {

std::vector<std::string> timing_files() {
  const std::string golden = test::golden_dir();
  const std::string data = test::data_dir();
  if (golden.empty() || data.empty()) return {};
  std::ifstream in(golden + "/timing_default.json");
  const auto timing = nlohmann::json::parse(in);
  std::vector<std::string> files;
  for (const auto& f : timing.at("files")) files.push_back(data + "/" + f.get<std::string>());
  return files;
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double peak_resident_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace ser::bench
