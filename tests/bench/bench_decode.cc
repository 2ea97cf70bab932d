// Benchmark of lib/io: decoding the 100 RAVDESS files of the librosa timing run
// (../shared/golden/librosa-0.11.0/timing_default.json) with one AudioDecoder reused, and with a
// new decoder per file. Prints files/s and ms per file; asserts nothing about time.
//
//   bench_decode [--rounds N] [--rate HZ] [--only reused|fresh]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/shared_data.h"
#include "io/audio_decoder.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> timing_files() {
  const std::string golden = ser::test::golden_dir();
  const std::string data = ser::test::data_dir();
  if (golden.empty() || data.empty()) return {};
  std::ifstream in(golden + "/timing_default.json");
  const auto timing = nlohmann::json::parse(in);
  std::vector<std::string> files;
  for (const auto& f : timing.at("files")) files.push_back(data + "/" + f.get<std::string>());
  return files;
}

// Seconds for one pass of `decode_one` over every file.
double time_pass(const std::vector<std::string>& files, const std::function<size_t(const std::string&)>& decode_one,
                 size_t& samples) {
  samples = 0;
  const auto start = Clock::now();
  for (const auto& f : files) samples += decode_one(f);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void report(const char* name, const std::vector<double>& seconds, size_t n_files, size_t samples, int rate) {
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  const double best = sorted.front();
  const double median = sorted[sorted.size() / 2];
  std::printf("%-22s best %8.1f files/s %7.3f ms/file | median %7.3f ms/file | %zu passes, %.1f s of audio, x%.0f real time\n",
              name, n_files / best, 1e3 * best / n_files, 1e3 * median / n_files, seconds.size(),
              double(samples) / rate, double(samples) / rate / best);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  int rate = 16000;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--rate") && i + 1 < argc) rate = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--rounds N] [--rate HZ] [--only reused|fresh]\n", argv[0]);
      return 2;
    }
  }
  const auto files = timing_files();
  if (files.empty()) {
    std::fprintf(stderr, "bench_decode: ../shared (data and golden) is absent; set SEREMOTION_SHARED_DIR\n");
    return 77;
  }
  try {
    ser::io::AudioDecoder reused(rate);
    std::vector<float> samples;
    ser::io::AudioInfo info;
    auto decode_reused = [&](const std::string& f) {
      reused.decode(f, samples, info);
      return samples.size();
    };
    auto decode_fresh = [&](const std::string& f) { return ser::io::decode_file(f, rate).samples.size(); };

    size_t n = 0;
    time_pass(files, decode_reused, n);  // warm up: page cache, plugin loading
    std::printf("bench_decode: %zu RAVDESS files (16 kHz FLAC) to %d Hz mono float\n", files.size(), rate);
    std::vector<double> t_reused, t_fresh;
    if (only != "fresh") {
      for (int r = 0; r < rounds; ++r) t_reused.push_back(time_pass(files, decode_reused, n));
      report("one decoder reused", t_reused, files.size(), n, rate);
    }
    if (only != "reused") {
      for (int r = 0; r < rounds; ++r) t_fresh.push_back(time_pass(files, decode_fresh, n));
      report("new decoder per file", t_fresh, files.size(), n, rate);
    }
  } catch (const ser::Error& e) {
    std::fprintf(stderr, "bench_decode: %s\n", e.what());
    return 1;
  }
  return 0;
}
