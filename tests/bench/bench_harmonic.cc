// Benchmark: the harmonic/CQT half of the classic 193-vector recipe, stage by stage.
//
//   build/tests/bench/bench_harmonic [repetitions]
//
// Prints the best time per call over the repetitions (default 50) for a golden input of 121
// frames (3.87 s at 16 kHz; a synthetic one of the same length when ../shared is absent): median
// filters, HPSS, harmonic, resampling, CQT, chroma_cqt, tonnetz and the whole tonnetz_cqt. One
// thread; run it on a quiet machine. Nothing here decides a test.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/golden.h"
#include "dsp/chroma_cqt.h"
#include "dsp/cqt.h"
#include "dsp/hpss.h"
#include "dsp/median_filter.h"
#include "dsp/resample.h"
#include "dsp/stft.h"
#include "dsp/stft_f64.h"
#include "dsp/tonnetz.h"

namespace {

using namespace ser;

constexpr const char* kInput = "03-01-05-01-01-01-01";
constexpr double kSr = 16000;

template <typename F>
void report(const char* name, int repetitions, F&& call) {
  call();  // warm: plans, filter banks, scratch space
  double best = 1e30;
  for (int i = 0; i < repetitions; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    call();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::printf("%-44s %8.3f ms\n", name, best);
}

// The golden input, or a voiced-like synthetic signal of the same length.
std::vector<float> input(double& tuning, std::string& what) {
  for (const auto& g : test::golden_inputs()) {
    if (g.name == kInput) {
      tuning = g.tonnetz_cqt_tuning;
      what = "golden " + g.name;
      return g.y();
    }
  }
  tuning = 0.0;
  what = "synthetic (../shared absent)";
  std::vector<float> y(61929);
  for (size_t i = 0; i < y.size(); ++i) {
    const double t = i / kSr;
    y[i] = static_cast<float>(0.2 * std::sin(2 * M_PI * 150 * t) + 0.1 * std::sin(2 * M_PI * 450 * t) +
                              0.05 * std::sin(2 * M_PI * 1200 * t * (1 + 0.1 * t)));
  }
  return y;
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
  double tuning = 0;
  std::string what;
  const std::vector<float> y = input(tuning, what);

  dsp::StftF64 stft;
  ComplexMatrix D;
  stft.compute(y, D);
  Matrix S(D.rows(), D.cols());
  for (size_t i = 0; i < D.size(); ++i) S.data()[i] = std::abs(D.data()[i]);
  std::printf("input: %s, %zu samples, %zu frames; median kernels: %s; best of %d\n", what.c_str(), y.size(), D.cols(),
              dsp::median_filter_kernels().front().c_str(), reps);

  Matrix out;
  dsp::MedianFilter along_time({31, 1});
  dsp::MedianFilter along_frequency({31, 0});
  report("median filter 1025x121, size 31, along time", reps, [&] { along_time.apply(S, out); });
  report("median filter 1025x121, size 31, along freq", reps, [&] { along_frequency.apply(S, out); });

  dsp::Hpss hpss;
  ComplexMatrix H;
  report("hpss harmonic part (from D)", reps, [&] { hpss.harmonic(D, H); });
  dsp::Harmonic harmonic;
  std::vector<float> h;
  report("effects.harmonic from D (hpss + istft)", reps, [&] { harmonic.compute_from_stft(D, y.size(), h); });
  report("stft (float64 FFTs)", reps, [&] { stft.compute(y, D); });
  report("effects.harmonic(y) (stft + hpss + istft)", reps, [&] { harmonic.compute(y, h); });

  dsp::Resampler halve({2, 1, dsp::SoxrQuality::kHigh, true, true});
  std::vector<float> half;
  report("resample 2:1, soxr HQ", reps, [&] { halve.compute(h, half); });

  dsp::ChromaCqtParams cp;
  cp.sr = kSr;
  dsp::Cqt cqt(cp.cqt());
  Matrix C;
  report("cqt 252 bins (7 octaves x 36)", reps, [&] { cqt.magnitude(h, tuning, C); });
  dsp::ChromaCqt chroma_cqt(cp);
  Matrix chroma;
  report("chroma_cqt from C", reps, [&] { chroma_cqt.from_cqt(C, chroma); });
  report("chroma_cqt(y) (cqt + fold)", reps, [&] { chroma_cqt.compute(h, tuning, chroma); });
  Matrix tonnetz;
  report("tonnetz from chroma", reps, [&] { dsp::tonnetz(chroma, tonnetz); });

  dsp::TonnetzCqtParams tp;
  tp.chroma.sr = kSr;
  dsp::TonnetzCqt tonnetz_cqt(tp);
  report("tonnetz_cqt(y) (harmonic + cqt + chroma + tonnetz)", reps, [&] { tonnetz_cqt.compute(y, tuning, tonnetz); });
  return 0;
}
