// Benchmark of lib/vad: Silero VAD (plain C++) over the 100 RAVDESS files of the librosa timing run,
// decoded to 16 kHz beforehand (decoding is not timed). Three ways of feeding it: each file at once
// (ser-train predict, training), in 10 ms buffers (a live source), and one 32 ms chunk per call
// (no batching of the encoder). Prints the real-time factor (seconds of CPU per second of audio,
// one thread) and ms per second of audio, best and median of the rounds; asserts nothing.
//
//   bench_vad [--rounds N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "common/shared_data.h"
#include "io/audio_decoder.h"
#include "vad/silero_vad.h"
#include "vad/vad_model.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Seconds of one pass over every file, fed in pieces of `piece` samples (0: the whole file).
double pass(ser::vad::SileroVad& vad, const std::vector<std::vector<float>>& audio, size_t piece, size_t& decisions) {
  std::vector<float> p;
  p.reserve(4096);
  const double cpu = ser::bench::process_cpu_seconds();
  for (const auto& y : audio) {
    const size_t step = piece == 0 ? y.size() : piece;
    for (size_t at = 0; at < y.size(); at += step) {
      vad.push(ser::FloatSpan(y.data() + at, std::min(step, y.size() - at)), p);
    }
    vad.flush(p);
    decisions += p.size();
    p.clear();
  }
  return ser::bench::process_cpu_seconds() - cpu;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
  }
  const auto files = ser::bench::timing_files();
  if (files.empty()) {
    std::fprintf(stderr, "bench_vad: ../shared is absent (set SEREMOTION_SHARED_DIR)\n");
    return 1;
  }
  ser::io::AudioDecoder decoder(16000);
  std::vector<std::vector<float>> audio;
  size_t samples = 0;
  for (const auto& f : files) {
    audio.push_back(decoder.decode(f).samples);
    samples += audio.back().size();
  }
  const double seconds = double(samples) / 16000;
  ser::vad::SileroVad vad(ser::vad::load_silero_weights(ser::vad::vad_model_path()));
  std::printf("Silero VAD (lib/vad), %zu files, %.1f s of audio at 16 kHz, one thread, %d rounds\n", files.size(),
              seconds, rounds);
  const struct {
    const char* name;
    size_t piece;
  } modes[] = {{"whole files", 0}, {"10 ms buffers", 160}, {"one chunk a call", 512}};
  for (const auto& m : modes) {
    std::vector<double> times;
    size_t decisions = 0;
    for (int r = 0; r < rounds; ++r) times.push_back(pass(vad, audio, m.piece, decisions));
    const double best = *std::min_element(times.begin(), times.end());
    std::printf("%-17s real-time factor best %.5f median %.5f | %.3f ms per s of audio | %.2f us per chunk\n",
                m.name, best / seconds, median(times) / seconds, 1e3 * best / seconds,
                1e6 * best / (double(decisions) / rounds));
  }
  return 0;
}
