#include "features/egemaps/egemaps_functionals.h"

#include <algorithm>
#include <cmath>

#include "dsp/voice/contour_smoother.h"
#include "features/egemaps/contour_statistics.h"
#include "features/egemaps/egemaps_names.h"

namespace ser::features {
namespace {

// Writes functionals in order.
class Writer {
 public:
  explicit Writer(float* out) : out_(out) {}
  void put(double v) { out_[n_++] = std::isfinite(v) ? static_cast<float>(v) : 0.0f; }
  void mean_cv(FloatSpan x) {
    const MeanCv m = features::mean_cv(x);
    put(m.mean);
    put(m.cv);
  }
  size_t written() const { return n_; }

 private:
  float* out_;
  size_t n_ = 0;
};

// Smoothed copies of descriptor rows and the frame selections the functionals read.
struct Contours {
  explicit Contours(const EgemapsAnalysis& a) : a(a), n(a.frames()), np(a.pitch_frames) {}

  // Row r smoothed over all frames (sma3).
  std::vector<float> all(int r) const {
    std::vector<float> y(n);
    dsp::voice::smooth3(a.raw.row(size_t(r)), n, y.data());
    return y;
  }
  // Row r over the pitch frames, kept where keep(t), smoothed over the non-zero values (sma3nz),
  // and its non-zero values.
  template <typename Keep>
  std::vector<float> selected(int r, Keep keep) const {
    std::vector<float> x(np), y(np), out;
    for (size_t t = 0; t < np; ++t) x[t] = keep(t) ? a.raw(size_t(r), t) : 0.0f;
    dsp::voice::smooth3_nonzero(x.data(), np, y.data());
    for (float v : y)
      if (v != 0.0f) out.push_back(v);
    return out;
  }
  std::vector<float> voiced(int r) const {
    return selected(r, [&](size_t t) { return a.voiced[t] != 0; });
  }
  std::vector<float> unvoiced(int r) const {
    return selected(r, [&](size_t t) { return a.voiced[t] == 0; });
  }
  std::vector<float> pitch_frames(int r) const {
    return selected(r, [](size_t) { return true; });
  }

  const EgemapsAnalysis& a;
  size_t n, np;
};

// Mean, CV, percentiles 20/50/80, range 20-80, rising and falling slopes.
void contour_block(Writer& w, const std::vector<float>& x, double dt) {
  w.mean_cv(x);
  std::vector<float> sorted(x);
  std::sort(sorted.begin(), sorted.end());
  const double p20 = percentile_sorted(sorted, 0.2), p50 = percentile_sorted(sorted, 0.5),
               p80 = percentile_sorted(sorted, 0.8);
  w.put(p20);
  w.put(p50);
  w.put(p80);
  w.put(p80 - p20);
  const SlopeStats s = slope_stats(x, dt);
  w.put(s.mean_rising);
  w.put(s.stddev_rising);
  w.put(s.mean_falling);
  w.put(s.stddev_falling);
}

void segment_block(Writer& w, const std::vector<size_t>& lengths, double dt) {
  std::vector<float> seconds;
  for (size_t l : lengths) seconds.push_back(static_cast<float>((double(l) - 1.0) * dt));
  const MeanCv m = mean_cv(seconds);
  w.put(m.mean);
  w.put(m.mean * m.cv);  // the standard deviation
}

}  // namespace

void egemaps_functionals(const EgemapsAnalysis& a, float* out) {
  Writer w(out);
  const Contours c(a);
  const double dt = a.hop_seconds;
  contour_block(w, c.voiced(kF0Semitone), dt);
  const std::vector<float> loudness = c.all(kLoudness);
  contour_block(w, loudness, dt);
  for (int r : {kSpectralFlux, kMfcc1, kMfcc2, kMfcc3, kMfcc4}) w.mean_cv(c.all(r));
  for (int r : {kJitter, kShimmer, kHnr, kH1H2, kH1A3}) w.mean_cv(c.voiced(r));
  for (int f = 0; f < 3; ++f) {
    w.mean_cv(c.voiced(kF1Frequency + 3 * f));
    w.mean_cv(c.voiced(kF1Bandwidth + 3 * f));
    w.mean_cv(c.pitch_frames(kF1Amplitude + 3 * f));
  }
  for (int r : {kAlphaRatio, kHammarberg, kSlope0_500, kSlope500_1500, kSpectralFlux, kMfcc1, kMfcc2, kMfcc3, kMfcc4})
    w.mean_cv(c.voiced(r));
  for (int r : {kAlphaRatio, kHammarberg, kSlope0_500, kSlope500_1500, kSpectralFlux}) w.put(mean_cv(c.unvoiced(r)).mean);

  w.put(double(slope_stats(loudness, dt).peaks) / (double(a.frames()) * dt));
  std::vector<unsigned char> flags(a.voiced.begin(), a.voiced.begin() + long(a.pitch_frames));
  const std::vector<size_t> voiced = segment_lengths(flags, true, 1, 3);
  const double duration = double(a.pitch_frames) * dt;
  w.put(duration > 0 ? double(voiced.size()) / duration : 0.0);
  segment_block(w, voiced, dt);
  segment_block(w, segment_lengths(flags, false, 0, 3), dt);
  double ms = 0.0;
  for (float v : a.mean_square) ms += v;
  ms = a.mean_square.empty() ? 0.0 : ms / double(a.mean_square.size());
  w.put(10.0 * std::log10(std::max(ms, 1e-20)));
}

}  // namespace ser::features
