#include "bench/bench_support.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/shared_data.h"
#include "io/audio_decoder.h"

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

std::pair<double, double> best_of(int rounds, const std::function<void()>& pass) {
  using Clock = std::chrono::steady_clock;
  double wall = 1e30, cpu = 1e30;
  for (int r = 0; r < rounds; ++r) {
    const double c0 = process_cpu_seconds();
    const auto t0 = Clock::now();
    pass();
    wall = std::min(wall, std::chrono::duration<double>(Clock::now() - t0).count());
    cpu = std::min(cpu, process_cpu_seconds() - c0);
  }
  return {wall, cpu};
}

DecodedFiles decode_all(const std::vector<std::string>& files, int rate) {
  io::AudioDecoder decoder(rate);
  DecodedFiles out;
  for (const auto& f : files) {
    out.audio.push_back(decoder.decode(f).samples);
    out.seconds += double(out.audio.back().size()) / rate;
  }
  return out;
}

int rounds_option(int argc, char** argv, int fallback) {
  int rounds = fallback;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--rounds N]\n", argv[0]);
      return -1;
    }
  }
  return rounds;
}

}  // namespace ser::bench
