// Benchmark of lib/io: decoding the 100 RAVDESS files of the librosa timing run
// (../shared/golden/librosa-0.11.0/timing_default.json) with one AudioDecoder reused: as is
// (libFLAC alone, when the rate is the files'), through GStreamer (native_flac off: the elements
// decodebin plugged for the first file), and through decodebin for every file (reuse_chains off
// too); and with a new decoder per file. Prints files/s and wall and CPU milliseconds per file;
// asserts nothing about time.
//
//   bench_decode [--rounds N] [--rate HZ] [--only native|reused|decodebin|fresh]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_support.h"
#include "common/error.h"
#include "io/audio_decoder.h"

using ser::bench::process_cpu_seconds;
using ser::bench::timing_files;

namespace {

using Clock = std::chrono::steady_clock;

struct Pass {
  double wall = 0, cpu = 0;
};

// One pass of `decode_one` over every file.
Pass time_pass(const std::vector<std::string>& files, const std::function<size_t(const std::string&)>& decode_one,
               size_t& samples) {
  samples = 0;
  const double cpu_start = process_cpu_seconds();
  const auto start = Clock::now();
  for (const auto& f : files) samples += decode_one(f);
  return {std::chrono::duration<double>(Clock::now() - start).count(), process_cpu_seconds() - cpu_start};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void report(const char* name, const std::vector<Pass>& passes, size_t n_files, size_t samples, int rate) {
  std::vector<double> wall, cpu;
  for (const auto& p : passes) {
    wall.push_back(p.wall);
    cpu.push_back(p.cpu);
  }
  const double best = *std::min_element(wall.begin(), wall.end());
  std::printf(
      "%-22s %8.1f files/s | wall ms/file: best %6.3f median %6.3f | cpu ms/file: best %6.3f median %6.3f"
      " | %zu passes, %.1f s of audio, x%.0f real time\n",
      name, n_files / best, 1e3 * best / n_files, 1e3 * median(wall) / n_files,
      1e3 * *std::min_element(cpu.begin(), cpu.end()) / n_files, 1e3 * median(cpu) / n_files, passes.size(),
      double(samples) / rate, double(samples) / rate / best);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  int rate = 16000;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc)
      rounds = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--rate") && i + 1 < argc)
      rate = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
      only = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--rounds N] [--rate HZ] [--only native|reused|decodebin|fresh]\n", argv[0]);
      return 2;
    }
  }
  const auto files = timing_files();
  if (files.empty()) {
    std::fprintf(stderr, "bench_decode: ../shared (data and golden) is absent; set SEREMOTION_SHARED_DIR\n");
    return 77;
  }
  try {
    ser::io::DecoderOptions options;
    options.sample_rate = rate;
    ser::io::AudioDecoder native(options);
    options.native_flac = false;
    ser::io::AudioDecoder reused(options);
    options.reuse_chains = false;
    ser::io::AudioDecoder decodebin_only(options);
    std::vector<float> samples;
    ser::io::AudioInfo info;
    auto decode_native = [&](const std::string& f) {
      native.decode(f, samples, info);
      return samples.size();
    };
    auto decode_reused = [&](const std::string& f) {
      reused.decode(f, samples, info);
      return samples.size();
    };
    auto decode_decodebin = [&](const std::string& f) {
      decodebin_only.decode(f, samples, info);
      return samples.size();
    };
    auto decode_fresh = [&](const std::string& f) { return ser::io::decode_file(f, rate).samples.size(); };

    size_t n = 0;
    time_pass(files, decode_native, n);  // warm up: page cache, plugin loading
    time_pass(files, decode_reused, n);
    time_pass(files, decode_decodebin, n);
    std::printf("bench_decode: %zu RAVDESS files (16 kHz FLAC) to %d Hz mono float\n", files.size(), rate);
    const std::pair<const char*, std::function<size_t(const std::string&)>> ways[] = {
        {"native", decode_native}, {"reused", decode_reused}, {"decodebin", decode_decodebin}, {"fresh", decode_fresh}};
    const char* labels[] = {"one decoder reused", "reused, GStreamer only", "reused, decodebin only",
                            "new decoder per file"};
    for (size_t w = 0; w < 4; ++w) {
      if (!only.empty() && only != ways[w].first) continue;
      std::vector<Pass> passes;
      for (int r = 0; r < rounds; ++r) passes.push_back(time_pass(files, ways[w].second, n));
      report(labels[w], passes, files.size(), n, rate);
    }
  } catch (const ser::Error& e) {
    std::fprintf(stderr, "bench_decode: %s\n", e.what());
    return 1;
  }
  return 0;
}
