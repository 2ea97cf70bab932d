// Benchmark of the lib/dsp spectral features on one input: prints the best time per call, in
// milliseconds of this thread's CPU time, of each step (best of several rounds, to see past
// other load on the machine).
//
//   bench_spectral [INPUT_NAME] [ROUNDS]
//
// INPUT_NAME is a folder of the librosa golden set (default 03-01-05-01-01-01-01: 3.87 s, 121
// frames at 16 kHz); without the golden set a 3.87 s synthetic chirp in noise is used.
// Timings are a guide, not a test: run it on a quiet machine.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "common/npy.h"
#include "common/shared_data.h"
#include "dsp/chroma.h"
#include "dsp/contrast.h"
#include "dsp/db.h"
#include "dsp/mel.h"
#include "dsp/mfcc.h"
#include "dsp/stft.h"
#include "dsp/stft_f64.h"
#include "dsp/tuning.h"

namespace {

// This thread's CPU time in ms: time the scheduler gave to others does not count.
double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

// Best time per call, in ms, over `rounds` rounds of enough calls to last about 20 ms each.
double best_ms(const std::function<void()>& call, int rounds) {
  call();  // warm-up: buffers grow, caches fill
  int calls = 1;
  for (;;) {
    const double t0 = cpu_ms();
    for (int i = 0; i < calls; ++i) call();
    const double ms = cpu_ms() - t0;
    if (ms > 20 || calls > 100000) break;
    calls *= 2;
  }
  double best = 1e300;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = cpu_ms();
    for (int i = 0; i < calls; ++i) call();
    best = std::min(best, (cpu_ms() - t0) / calls);
  }
  return best;
}

std::vector<float> synthetic_input() {
  std::vector<float> y(61929);
  unsigned state = 12345;
  for (size_t i = 0; i < y.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    const double noise = (state >> 8) / double(1u << 24) - 0.5;
    const double t = i / 16000.0;
    y[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * (100 * t + 400 * t * t)) + 0.01 * noise);
  }
  return y;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ser;
  using namespace ser::dsp;
  const std::string name = argc > 1 ? argv[1] : "03-01-05-01-01-01-01";
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 15;
  std::vector<float> y;
  const std::string golden = test::golden_dir();
  if (!golden.empty()) {
    try {
      y = test::read_npy(golden + "/" + name + "/y.npy").values;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_spectral: %s (INPUT_NAME must be a folder of %s)\n", e.what(), golden.c_str());
      return 1;
    }
  } else {
    std::printf("golden set absent: using a synthetic chirp in noise\n");
    y = synthetic_input();
  }
  const double sr = 16000;
  Stft stft;
  StftF64 stft_f64;
  ComplexMatrix D;
  Matrix mag, power;
  stft.magnitude(y, mag, 1.0f);
  stft.magnitude(y, power, 2.0f);
  std::printf("input %s: %zu samples, %zu frames\n", golden.empty() ? "synthetic" : name.c_str(), y.size(), mag.cols());

  MelParams mp;
  mp.sr = sr;
  const MelFilterBank mel_bank(mp);
  Matrix mel, logmel;
  mel_bank.apply(power, mel);
  MfccParams fp;
  fp.n_mfcc = 40;
  Mfcc mfcc(mp.n_mels, fp);
  Matrix mfcc_out;
  TuningEstimator tuning;
  ChromaStftParams cp;
  cp.sr = sr;
  ChromaStft chroma(cp);
  ChromaStftParams cp_fixed = cp;
  cp_fixed.tuning = 0.0;
  ChromaStft chroma_fixed(cp_fixed);
  Matrix chroma_out;
  SpectralContrastParams sp;
  sp.sr = sr;
  SpectralContrast contrast(sp);
  Matrix contrast_out;

  struct Step {
    const char* what;
    std::function<void()> call;
    bool ours;  // part of this module's total
  };
  const std::vector<Step> steps = {
      {"stft |D| (reference)", [&] { stft.magnitude(y, mag, 1.0f); }, false},
      {"stft |D|^2 (reference)", [&] { stft.magnitude(y, power, 2.0f); }, false},
      {"stft_f64 complex D (reference)", [&] { stft_f64.compute(y, D); }, false},
      {"melspectrogram (sparse bank)", [&] { mel_bank.apply(power, mel); }, true},
      {"power_to_db (mel)", [&] { logmel = mel; power_to_db(logmel); }, true},
      {"mfcc 40 (from dB mel)", [&] { mfcc.compute(logmel, mfcc_out); }, true},
      {"estimate_tuning (|D|)", [&] { tuning.estimate(mag, sr, 2048); }, true},
      {"chroma_stft, tuning given", [&] { chroma_fixed.compute(mag, chroma_out); }, true},
      {"spectral_contrast", [&] { contrast.compute(mag, contrast_out); }, true},
      {"chroma_stft, tuning estimated", [&] { chroma.compute(mag, chroma_out); }, false},
      {"filter banks: mel (made once)", [&] { MelFilterBank b(mp); }, false},
      {"filter banks: chroma (once per tuning)", [&] { ChromaFilterBank b(ChromaFilterParams{sr, 2048}); }, false},
  };
  double total = 0;
  for (const auto& s : steps) {
    const double ms = best_ms(s.call, rounds);
    if (s.ours) total += ms;
    std::printf("%-40s %8.4f ms\n", s.what, ms);
  }
  std::printf("%-40s %8.4f ms\n", "total: mel + dB + mfcc + tuning + chroma + contrast", total);
  return 0;
}
