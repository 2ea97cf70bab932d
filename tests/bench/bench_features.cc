// Benchmark of the feature library against librosa 0.11.0's timing run: the 100 RAVDESS files of
// ../shared/golden/librosa-0.11.0/timing_default.json, one thread, best of N passes.
//
//   bench_features [--rounds N]
//
// Prints, per file: the classic 193-vector with decoding included and on preloaded audio, its
// parts, and MFCC alone; and the speed-up over librosa's figures from the golden README (same kind
// of machine: 130.8 ms per file for the 193-vector with loading, 125.9 preloaded, 3.0 for MFCC).
// Asserts nothing about time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "common/error.h"
#include "features/extractor.h"
#include "io/audio_decoder.h"

using ser::bench::best_of;
using ser::bench::process_cpu_seconds;
using ser::bench::timing_files;

namespace {

ser::features::FeatureSpec spec_of(const std::string& preset, std::vector<std::string> features = {}) {
  auto s = ser::features::FeatureSpec::preset(preset);
  s.pad_short = false;  // whole clips, as librosa's recipe
  if (!features.empty()) s.features = std::move(features);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = ser::bench::rounds_option(argc, argv, 3);
  if (rounds < 0) return 2;
  const auto files = timing_files();
  if (files.empty()) {
    std::fprintf(stderr, "bench_features: ../shared (data and golden) is absent; set SEREMOTION_SHARED_DIR\n");
    return 77;
  }
  try {
    const int rate = 16000;
    // Named members, not a structured binding: lambdas below use them, and clang before 16 cannot
    // capture a structured binding (the sanitizer and fuzzing build is clang's).
    const ser::bench::DecodedFiles decoded = ser::bench::decode_all(files, rate);
    const std::vector<std::vector<float>>& audio = decoded.audio;
    const double seconds = decoded.seconds;
    ser::io::AudioDecoder decoder(rate);
    const double n = double(files.size());
    std::printf("bench_features: %zu RAVDESS files, %.1f s of audio, one thread, best of %d passes\n",
                files.size(), seconds, rounds);
    std::printf("%-44s %9s %9s %9s %10s\n", "what", "ms/file", "cpu ms", "x real", "vs librosa");
    auto row = [&](const char* what, std::pair<double, double> t, double librosa_ms) {
      const double ms = 1e3 * t.first / n;
      std::printf("%-44s %9.3f %9.3f %9.0f", what, ms, 1e3 * t.second / n, seconds / t.first);
      if (librosa_ms > 0) std::printf(" %9.1fx", librosa_ms / ms);
      std::printf("\n");
    };

    ser::features::Extractor full(spec_of("issa193"));
    ser::Matrix out;
    std::vector<float> samples;
    ser::io::AudioInfo info;
    {
      // First, before anything has filled the process-wide cache of CQT filter banks (cqt.h): one
      // pass that builds tonnetz's banks once per tuning value met, as a `ser-train features`
      // process does on its files; the best-of-N rows below find them built.
      ser::features::Extractor fresh(spec_of("issa193"));
      row("193-vector, decoding included, first pass", best_of(1, [&] {
            for (const auto& f : files) {
              decoder.decode(f, samples, info);
              fresh.compute(samples, out);
            }
          }),
          130.8);
    }
    row("193-vector, decoding included", best_of(rounds, [&] {
          for (const auto& f : files) {
            decoder.decode(f, samples, info);
            full.compute(samples, out);
          }
        }),
        130.8);
    auto on_audio = [&](ser::features::Extractor& ex) {
      return best_of(rounds, [&] {
        for (const auto& y : audio) ex.compute(y, out);
      });
    };
    row("193-vector, preloaded audio", on_audio(full), 125.9);
    ser::features::Extractor no_tonnetz(spec_of("issa193", {"mfcc", "chroma_stft", "mel", "contrast"}));
    row("  without tonnetz (stft, mel, mfcc, chroma, contrast)", on_audio(no_tonnetz), 0);
    ser::features::Extractor tonnetz(spec_of("issa193", {"tonnetz"}));
    row("  tonnetz alone (stft, harmonic, cqt, chroma)", on_audio(tonnetz), 124.6);
    ser::features::Extractor mfcc(spec_of("mfcc40"));
    row("MFCC (40) alone, preloaded audio", on_audio(mfcc), 3.0);
    ser::features::Extractor logmel(spec_of("logmel128"));
    row("log-mel (128) alone, preloaded audio", on_audio(logmel), 0);
    row("decoding alone", best_of(rounds, [&] {
          for (const auto& f : files) decoder.decode(f, samples, info);
        }),
        0.4);
  } catch (const ser::Error& e) {
    std::fprintf(stderr, "bench_features: %s\n", e.what());
    return 1;
  }
  return 0;
}
