#include "dsp/tuning.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "common/error.h"
#include "dsp/frequencies.h"
#include "dsp/select.h"
#include "dsp/simd.h"
#include "dsp/spectrogram_shape.h"

namespace ser::dsp {
namespace {

struct Peak {
  size_t bin;
  size_t frame;
  float shift;      // parabolic-interpolation offset from the bin, in bins
  float magnitude;  // interpolated magnitude
};

// librosa's (k + shift) * sr / n_fft, in double, stored as float32.
float peak_pitch(size_t bin, float shift, double sr, int n_fft) {
  return static_cast<float>((static_cast<double>(bin) + shift) * sr / n_fft);
}

// Work buffers of the peak search, owned by the caller.
struct PeakBuffers {
  std::vector<float>& floor;
  std::vector<float>& kept;
  std::vector<unsigned char>& is_peak;
  std::vector<size_t>& peak_frames;
};

// The parabolic-interpolation shift at bin k of one frame, from |S| at k-1, k, k+1. librosa runs
// this stencil in numba, where `2 * x[0]` and `/ 2` promote the float32 inputs to float64.
float parabolic_shift(float prev, float mid, float next) {
  const double a = static_cast<double>(next + prev) - 2.0 * static_cast<double>(mid);
  const double b = static_cast<double>(next - prev) / 2.0;
  if (std::fabs(b) >= std::fabs(a)) return 0.0f;
  return static_cast<float>(-b / a);
}

// floor[t] = max over the rows of |S[:, t]| (S rows x frames); vectorised as wide as the CPU allows.
SER_TARGET_CLONES void frame_maxima(const float* S, size_t rows, size_t frames, float* floor) {
  std::fill(floor, floor + frames, 0.0f);
  for (size_t k = 0; k < rows; ++k) {
    const float* __restrict row = S + k * frames;
    for (size_t t = 0; t < frames; ++t) floor[t] = std::max(floor[t], std::fabs(row[t]));
  }
}

// The threshold each frame's bins must exceed; numpy multiplies the float32 maximum by
// float32(threshold), or compares with float32(|ref|).
void frame_floors(const Matrix& S, const PiptrackParams& params, std::vector<float>& floor) {
  const size_t frames = S.cols();
  if (params.ref) {
    floor.assign(frames, static_cast<float>(std::fabs(*params.ref)));
    return;
  }
  floor.resize(frames);
  frame_maxima(S.data(), S.rows(), frames, floor.data());
  const float threshold = static_cast<float>(params.threshold);
  for (float& f : floor) f *= threshold;
}

// librosa's S * (S > ref_value) for one bin.
SER_TARGET_CLONES void keep_above_floor(const float* __restrict s, const float* __restrict floor,
                                        float* __restrict out, size_t n) {
  for (size_t t = 0; t < n; ++t) {
    const float a = std::fabs(s[t]);
    out[t] = a > floor[t] ? a : 0.0f;
  }
}

// The bins k with fmin <= f_k < fmax (f_k as np.fft.rfftfreq computes it), as [first, end).
void searched_bins(double sr, int n_fft, size_t bins, const PiptrackParams& params, size_t& first, size_t& end) {
  const double fmin = std::max(params.fmin, 0.0);
  const double fmax = std::min(params.fmax, sr / 2);
  const double hz_per_bin = 1.0 / (n_fft * (1.0 / sr));
  first = bins;
  end = 0;
  for (size_t k = 0; k < bins; ++k) {
    const double f = static_cast<double>(k) * hz_per_bin;
    if (fmin <= f && f < fmax) {
      first = std::min(first, k);
      end = k + 1;
    }
  }
}

// Calls visit(Peak, n_fft of S) for every piptrack peak of S, bin by bin: each bin's row is
// thresholded once and compared with its neighbours along contiguous time rows.
template <typename Visit>
void for_each_peak(const Matrix& S, double sr, int n_fft, const PiptrackParams& params, PeakBuffers buf,
                   Visit&& visit) {
  params.validate();
  if (!(sr > 0) || !std::isfinite(sr)) throw ParameterError("sr must be > 0 Hz (got " + std::to_string(sr) + ")");
  check_spectrogram_rows(S, n_fft, "piptrack");
  const size_t bins = S.rows();
  const size_t frames = S.cols();
  if (bins < 2 || frames == 0) return;
  const int n_fft_of_s = 2 * static_cast<int>(bins - 1);  // librosa infers n_fft from S
  size_t first, end;
  searched_bins(sr, n_fft_of_s, bins, params, first, end);
  first = std::max<size_t>(first, 1);  // bin 0 is never a local maximum
  if (first >= end) return;

  frame_floors(S, params, buf.floor);
  buf.kept.resize(3 * frames);
  buf.is_peak.assign(frames + 8, 0);  // whole 8-byte words, the padding never a peak
  buf.peak_frames.resize(frames);
  float* prev = buf.kept.data();
  float* cur = prev + frames;
  float* next = cur + frames;
  keep_above_floor(S.row(first - 1), buf.floor.data(), prev, frames);
  keep_above_floor(S.row(first), buf.floor.data(), cur, frames);
  for (size_t k = first; k < end; ++k) {
    const bool last = k + 1 == bins;
    unsigned char* __restrict is_peak = buf.is_peak.data();
    if (last) {
      for (size_t t = 0; t < frames; ++t) is_peak[t] = cur[t] > prev[t];
    } else {
      keep_above_floor(S.row(k + 1), buf.floor.data(), next, frames);
      for (size_t t = 0; t < frames; ++t) is_peak[t] = (cur[t] > prev[t]) & (cur[t] >= next[t]);
    }
    // The peaks' frames: 8 flags (bytes 0 or 1) at a time, each set one found by its bit.
    size_t* __restrict peak_frames = buf.peak_frames.data();
    size_t n_peaks = 0;
    for (size_t t0 = 0; t0 < frames; t0 += 8) {
      std::uint64_t flags;
      std::memcpy(&flags, is_peak + t0, sizeof flags);
      for (; flags != 0; flags &= flags - 1) peak_frames[n_peaks++] = t0 + static_cast<size_t>(__builtin_ctzll(flags)) / 8;
    }
    const float* below = S.row(k - 1);
    const float* here = S.row(k);
    const float* above = last ? nullptr : S.row(k + 1);
    for (size_t i = 0; i < n_peaks; ++i) {
      const size_t t = peak_frames[i];
      const float lo = std::fabs(below[t]);
      const float mid = std::fabs(here[t]);
      float shift = 0.0f;
      float slope;  // np.gradient along frequency: one-sided at the last bin
      if (last) {
        slope = mid - lo;
      } else {
        const float hi = std::fabs(above[t]);
        shift = parabolic_shift(lo, mid, hi);
        slope = (hi - lo) / 2.0f;
      }
      const float dskew = 0.5f * slope * shift;
      visit(Peak{k, t, shift, mid + dskew}, n_fft_of_s);
    }
    std::swap(prev, cur);
    std::swap(cur, next);
  }
}

// r = (bins_per_octave * log2(f / 27.5)) mod 1, moved to [-0.5, 0.5), in T arithmetic as numpy
// computes it on an array of T. x - trunc(x) is exactly fmod(x, 1); numpy's mod then takes the
// sign of the divisor.
template <typename T>
T tuning_residual(T f, int bins_per_octave) {
  const T octs = std::log2(f / static_cast<T>(440.0 / 16));
  const T x = static_cast<T>(bins_per_octave) * octs;
  T r = x - std::trunc(x);
  if (r < 0) r += static_cast<T>(1);
  if (r >= static_cast<T>(0.5)) r -= static_cast<T>(1);
  return r;
}

void check_tuning_grid(double resolution, int bins_per_octave) {
  if (!(resolution > 0 && resolution < 1)) {
    throw ParameterError("resolution must lie in (0, 1) (got " + std::to_string(resolution) + ")");
  }
  if (bins_per_octave <= 0) {
    throw ParameterError("bins_per_octave must be > 0 (got " + std::to_string(bins_per_octave) + ")");
  }
}

// np.linspace(-0.5, 0.5, ceil(1 / resolution) + 1): the histogram's bin edges.
std::vector<double> tuning_edges(double resolution) {
  return linspace(-0.5, 0.5, static_cast<int>(std::ceil(1.0 / resolution)) + 1);
}

// The histogram bin of r among edges (bins [e_i, e_i+1), the last one closed, as np.histogram
// counts), or -1 outside: a guess from the uniform spacing, settled by comparing with the edges.
long histogram_bin(double r, const std::vector<double>& edges) {
  const long n = static_cast<long>(edges.size()) - 1;
  if (!(r >= edges.front() && r <= edges.back())) return -1;
  long i = static_cast<long>((r - edges.front()) * (n / (edges.back() - edges.front())));
  i = std::min(std::max(i, 0L), n - 1);
  while (i > 0 && r < edges[static_cast<size_t>(i)]) --i;
  while (i + 1 < n && r >= edges[static_cast<size_t>(i + 1)]) ++i;
  return i;
}

// np.histogram(r, edges) of the residuals of the frequencies > 0, and the left edge of its first
// highest bin; 0 when no frequency is > 0.
template <typename T>
double histogram_peak(Span<const T> frequencies, int bins_per_octave, const std::vector<double>& edges,
                      std::vector<size_t>& counts) {
  counts.assign(edges.size() - 1, 0);
  bool any = false;
  for (const T f : frequencies) {
    if (!(f > 0)) continue;
    any = true;
    const long i = histogram_bin(static_cast<double>(tuning_residual(f, bins_per_octave)), edges);
    if (i >= 0) ++counts[static_cast<size_t>(i)];
  }
  if (!any) return 0.0;
  return edges[static_cast<size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin())];
}

template <typename T>
double pitch_tuning_impl(Span<const T> frequencies, double resolution, int bins_per_octave) {
  check_tuning_grid(resolution, bins_per_octave);
  std::vector<size_t> counts;
  return histogram_peak(frequencies, bins_per_octave, tuning_edges(resolution), counts);
}

}  // namespace

void PiptrackParams::validate() const {
  if (!(fmin >= 0) || !std::isfinite(fmin)) {
    throw ParameterError("fmin must be a finite frequency >= 0 Hz (got " + std::to_string(fmin) + ")");
  }
  if (!(fmax > fmin)) {
    throw ParameterError("fmax must be > fmin=" + std::to_string(fmin) + " Hz (got " + std::to_string(fmax) + ")");
  }
  if (!(threshold >= 0) || !std::isfinite(threshold)) {
    throw ParameterError("threshold must be a finite number >= 0 (got " + std::to_string(threshold) + ")");
  }
  if (ref && (!(*ref >= 0) || !std::isfinite(*ref))) {
    throw ParameterError("ref must be a finite magnitude >= 0, or unset for the per-frame maximum (got " +
                         std::to_string(*ref) + ")");
  }
}

void piptrack(const Matrix& S, double sr, int n_fft, Matrix& pitches, Matrix& magnitudes,
              const PiptrackParams& params) {
  std::vector<float> floor, kept;
  std::vector<unsigned char> is_peak;
  std::vector<size_t> peak_frames;
  pitches.resize(S.rows(), S.cols());
  magnitudes.resize(S.rows(), S.cols());
  pitches.fill(0.0f);
  magnitudes.fill(0.0f);
  for_each_peak(S, sr, n_fft, params, PeakBuffers{floor, kept, is_peak, peak_frames}, [&](const Peak& p, int n) {
    pitches(p.bin, p.frame) = peak_pitch(p.bin, p.shift, sr, n);
    magnitudes(p.bin, p.frame) = p.magnitude;
  });
}

double pitch_tuning(Span<const float> frequencies, double resolution, int bins_per_octave) {
  return pitch_tuning_impl(frequencies, resolution, bins_per_octave);
}

double pitch_tuning(Span<const double> frequencies, double resolution, int bins_per_octave) {
  return pitch_tuning_impl(frequencies, resolution, bins_per_octave);
}

double estimate_tuning(const Matrix& S, double sr, int n_fft, double resolution, int bins_per_octave) {
  return TuningEstimator().estimate(S, sr, n_fft, resolution, bins_per_octave);
}

double estimate_tuning(const Matrix& S, double sr, int n_fft, double resolution, int bins_per_octave,
                       const PiptrackParams& piptrack) {
  return TuningEstimator(piptrack).estimate(S, sr, n_fft, resolution, bins_per_octave);
}

TuningEstimator::TuningEstimator(const PiptrackParams& piptrack) : piptrack_((piptrack.validate(), piptrack)) {}

double TuningEstimator::estimate(const Matrix& S, double sr, int n_fft, double resolution, int bins_per_octave) {
  check_tuning_grid(resolution, bins_per_octave);
  // Only peaks with pitch > 0 count, for the median as for the histogram; the pitch itself is
  // needed for the peaks at or above the median only.
  bins_.clear();
  shifts_.clear();
  magnitudes_.clear();
  int n_fft_of_s = n_fft;
  for_each_peak(S, sr, n_fft, piptrack_, PeakBuffers{floor_, kept_, is_peak_, peak_frames_}, [&](const Peak& p, int n) {
    n_fft_of_s = n;
    if (!(static_cast<double>(p.bin) + p.shift > 0)) return;
    bins_.push_back(p.bin);
    shifts_.push_back(p.shift);
    magnitudes_.push_back(p.magnitude);
  });
  const float threshold = magnitudes_.empty() ? 0.0f : numpy_median(Span<const float>(magnitudes_));
  scratch_.clear();
  for (size_t i = 0; i < bins_.size(); ++i) {
    if (magnitudes_[i] >= threshold) scratch_.push_back(peak_pitch(bins_[i], shifts_[i], sr, n_fft_of_s));
  }
  if (edges_.empty() || edges_resolution_ != resolution) {
    edges_ = tuning_edges(resolution);
    edges_resolution_ = resolution;
  }
  return histogram_peak(Span<const float>(scratch_), bins_per_octave, edges_, counts_);
}

}  // namespace ser::dsp
