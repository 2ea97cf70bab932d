// A deterministic driver of the feature path for instruction counts: the machine these run on is
// shared, so versions are compared with callgrind, not with clocks.
//
//   valgrind --tool=callgrind profile_features [--files N] [--iterations K]
//   profile_features --dump-features PATH [--files N]
//   perf record profile_features --only issa193 --iterations 50
//
// Takes N files spread evenly over librosa's timing list (../shared/golden/librosa-0.11.0/
// timing_default.json; default 5) and runs, per section, one untimed pass over them (filter banks,
// plans, buffers, decoder chains are made there), then K counted passes (default 2):
//   decode      AudioDecoder at 16 kHz
//   issa193     the 193-vector on preloaded audio
//   mfcc40      MFCC frames on preloaded audio
//   logmel128   log-mel frames on preloaded audio
//   issa193+dec the 193-vector, decoding included
//   stft-feats  its parts without tonnetz (stft, mel, mfcc, chroma, contrast)
//   tonnetz     its tonnetz alone (stft, harmonic, cqt, chroma)
// Under callgrind each section's counted passes are one dump (callgrind.out.<pid>.<n>, named by
// the section), so `callgrind_annotate` gives the cost per section; Ir / (N K) is the cost per
// file. Outside valgrind the client requests do nothing; the wall time per file is printed for
// orientation only.
//
// --only runs one section (its name as above), e.g. under perf.
// --dump-features writes every feature value of issa193, mfcc40 and logmel128 for the N files as
// raw float32 to PATH, so that two builds can be compared bit for bit (cmp).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(name)
#endif

#include "bench/bench_support.h"
#include "common/error.h"
#include "features/extractor.h"
#include "io/audio_decoder.h"

namespace {

// n files spread evenly over the timing list (as np.linspace picks indices).
std::vector<std::string> pick_files(size_t n) {
  const auto list = ser::bench::timing_files();
  std::vector<std::string> files;
  n = std::min(n, list.size());
  for (size_t i = 0; i < n; ++i) files.push_back(list[n == 1 ? 0 : i * (list.size() - 1) / (n - 1)]);
  return files;
}

ser::features::FeatureSpec whole_clip(const std::string& preset) {
  auto s = ser::features::FeatureSpec::preset(preset);
  s.pad_short = false;
  return s;
}

std::string only;  // --only: the one section to run; empty for all

// One untimed pass, then `iterations` counted ones, dumped as `name` under callgrind.
void section(const char* name, size_t files, int iterations, const std::function<void()>& pass) {
  if (!only.empty() && only != name) return;
  pass();
  CALLGRIND_ZERO_STATS;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) pass();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CALLGRIND_DUMP_STATS_AT(name);
  std::printf("%-12s %8.3f ms/file\n", name, 1e3 * s / static_cast<double>(files * static_cast<size_t>(iterations)));
}

}  // namespace

int main(int argc, char** argv) {
  size_t n_files = 5;
  int iterations = 2;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--files") && i + 1 < argc) {
      n_files = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    } else if (!std::strcmp(argv[i], "--iterations") && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      only = argv[++i];
    } else if (!std::strcmp(argv[i], "--dump-features") && i + 1 < argc) {
      dump = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--files N] [--iterations K] [--only SECTION] [--dump-features PATH]\n", argv[0]);
      return 2;
    }
  }
  const auto files = pick_files(n_files);
  if (files.empty()) {
    std::fprintf(stderr, "profile_features: ../shared (data and golden) is absent; set SEREMOTION_SHARED_DIR\n");
    return 77;
  }
  try {
    ser::io::AudioDecoder decoder(16000);
    std::vector<std::vector<float>> audio;
    for (const auto& f : files) audio.push_back(decoder.decode(f).samples);
    ser::features::Extractor vec(whole_clip("issa193"));
    ser::features::Extractor mfcc(whole_clip("mfcc40"));
    ser::features::Extractor logmel(whole_clip("logmel128"));
    auto stft_feats_spec = whole_clip("issa193");
    stft_feats_spec.features = {"mfcc", "chroma_stft", "mel", "contrast"};
    ser::features::Extractor stft_feats(stft_feats_spec);
    auto tonnetz_spec = whole_clip("issa193");
    tonnetz_spec.features = {"tonnetz"};
    ser::features::Extractor tonnetz(tonnetz_spec);
    ser::Matrix out;

    if (!dump.empty()) {
      std::ofstream o(dump, std::ios::binary);
      for (auto* ex : {&vec, &mfcc, &logmel}) {
        for (const auto& y : audio) {
          ex->compute(y, out);
          o.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size() * sizeof(float)));
        }
      }
      return o ? 0 : 1;
    }

    std::vector<float> samples;
    ser::io::AudioInfo info;
    const size_t n = files.size();
    auto on_audio = [&](ser::features::Extractor& ex) {
      return [&] {
        for (const auto& y : audio) ex.compute(y, out);
      };
    };
    section("decode", n, iterations, [&] {
      for (const auto& f : files) decoder.decode(f, samples, info);
    });
    section("issa193", n, iterations, on_audio(vec));
    section("mfcc40", n, iterations, on_audio(mfcc));
    section("logmel128", n, iterations, on_audio(logmel));
    section("issa193+dec", n, iterations, [&] {
      for (const auto& f : files) {
        decoder.decode(f, samples, info);
        vec.compute(samples, out);
      }
    });
    section("stft-feats", n, iterations, on_audio(stft_feats));
    section("tonnetz", n, iterations, on_audio(tonnetz));
  } catch (const ser::Error& e) {
    std::fprintf(stderr, "profile_features: %s\n", e.what());
    return 1;
  }
  return 0;
}
