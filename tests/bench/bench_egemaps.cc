// Benchmark of the native eGeMAPS against openSMILE 3.0's SMILExtract on librosa's timing run: the
// 100 RAVDESS files of ../shared/golden/librosa-0.11.0/timing_default.json, one thread, best of N
// passes (bench_features times the other features on the same files).
//
//   bench_egemaps [--rounds N]
//
// Prints per file: the 88 functionals with decoding included (FLAC by libFLAC alone, and through
// GStreamer as other formats are), on preloaded audio, and the 25 descriptors on preloaded audio;
// the speed-up over openSMILE's 58 ms per file (SMILExtract -C eGeMAPSv02.conf, one process per
// file, on this kind of machine: the measurement); the time of one 3 s window, the
// element's unit, and of the noise reduction that the -denoise preset runs on it first. Asserts
// nothing about time.
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
#include "features/egemaps/egemaps.h"
#include "features/spectral_denoise.h"
#include "io/audio_decoder.h"

using ser::bench::best_of;
using ser::bench::process_cpu_seconds;
using ser::bench::timing_files;

namespace {

constexpr double kOpensmileMsPerFile = 58.0;

}  // namespace

int main(int argc, char** argv) {
  const int rounds = ser::bench::rounds_option(argc, argv, 3);
  if (rounds < 0) return 2;
  const auto files = timing_files();
  if (files.empty()) {
    std::fprintf(stderr, "bench_egemaps: ../shared (data and golden) is absent; set SEREMOTION_SHARED_DIR\n");
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
    std::printf("bench_egemaps: %zu RAVDESS files, %.1f s of audio, one thread, best of %d passes\n", files.size(),
                seconds, rounds);
    std::printf("%-46s %9s %9s %9s %12s\n", "what", "ms/file", "cpu ms", "x real", "vs openSMILE");
    // per: the units the time is divided by (files or windows); audio: the seconds they hold.
    auto row = [&](const char* what, std::pair<double, double> t, double per, double audio, double reference_ms) {
      const double ms = 1e3 * t.first / per;
      std::printf("%-46s %9.3f %9.3f %9.0f", what, ms, 1e3 * t.second / per, audio / t.first);
      if (reference_ms > 0) std::printf(" %11.1fx", reference_ms / ms);
      std::printf("\n");
    };
    ser::features::Egemaps egemaps(rate);
    ser::Matrix out;
    std::vector<float> samples;
    ser::io::AudioInfo info;
    row("88 functionals, decoding included", best_of(rounds, [&] {
          for (const auto& f : files) {
            decoder.decode(f, samples, info);
            egemaps.compute_functionals(samples, out);
          }
        }),
        n, seconds, kOpensmileMsPerFile);
    // The same with FLAC decoded through GStreamer, as before libFLAC was used alone (and as any
    // other format still is).
    ser::io::DecoderOptions through_gstreamer;
    through_gstreamer.sample_rate = rate;
    through_gstreamer.native_flac = false;
    ser::io::AudioDecoder gstreamer(through_gstreamer);
    row("  the same, FLAC decoded through GStreamer", best_of(rounds, [&] {
          for (const auto& f : files) {
            gstreamer.decode(f, samples, info);
            egemaps.compute_functionals(samples, out);
          }
        }),
        n, seconds, kOpensmileMsPerFile);
    row("88 functionals, preloaded audio", best_of(rounds, [&] {
          for (const auto& y : audio) egemaps.compute_functionals(y, out);
        }),
        n, seconds, 0);
    row("25 descriptors x frames, preloaded audio", best_of(rounds, [&] {
          for (const auto& y : audio) egemaps.compute_descriptors(y, out);
        }),
        n, seconds, 0);
    // The element's unit: 3 s windows cut from the same audio.
    std::vector<ser::FloatSpan> windows;
    const size_t w = 3 * rate;
    for (const auto& y : audio)
      if (y.size() >= w) windows.emplace_back(y.data(), w);
    row("88 functionals of one 3 s window", best_of(rounds, [&] {
          for (const auto& s : windows) egemaps.compute_functionals(s, out);
        }),
        double(windows.size()), 3.0 * double(windows.size()), 0);
    // What the egemaps-level-lpc-denoise preset adds before them.
    ser::features::SpectralDenoiser denoiser;
    row("noise reduction of one 3 s window (denoise)", best_of(rounds, [&] {
          for (const auto& s : windows) denoiser.denoise(s, rate);
        }),
        double(windows.size()), 3.0 * double(windows.size()), 0);
  } catch (const ser::Error& e) {
    std::fprintf(stderr, "bench_egemaps: %s\n", e.what());
    return 1;
  }
  return 0;
}
