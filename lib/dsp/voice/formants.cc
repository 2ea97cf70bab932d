#include "dsp/voice/formants.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "common/require.h"
#include "dsp/simd.h"
#include "dsp/voice/lpc.h"
#include "dsp/window.h"

namespace ser::dsp::voice {
namespace {

int next_power_of_two(int n) {
  int p = 1;
  while (p < n) p *= 2;
  return p;
}

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "FormantParams", field, range, got);
}

using simd::V4d;

// r[l] = sum_k c[l kept + k] power[k] for lags l in [l0, l0 + G): each lag in four partial sums
// (so that the products vectorise), finished by the same pairwise additions; the G lags run side
// by side, so that their additions do not wait on each other (one lag's chain of additions was
// the cost), with each lag's operations, and so its bits, unchanged.
// (Inlined, so that it is built for each instruction set of autocorrelation() below.)
template <int G>
[[gnu::always_inline]] inline void lags(const double* __restrict c, const double* __restrict power, int kept, int l0,
                                        double* __restrict r) {
  V4d partial[G] = {};
  int b = 0;
  for (; b + 4 <= kept; b += 4) {
    const V4d p = *reinterpret_cast<const V4d*>(power + b);
    for (int g = 0; g < G; ++g) partial[g] += *reinterpret_cast<const V4d*>(c + (l0 + g) * kept + b) * p;
  }
  for (int g = 0; g < G; ++g) {
    for (int k = b; k < kept; ++k) partial[g][0] += c[(l0 + g) * kept + k] * power[k];
    r[l0 + g] = (partial[g][0] + partial[g][1]) + (partial[g][2] + partial[g][3]);
  }
}

// r[l] for l <= order, four lags at a time. Built for each instruction set (simd.h): one AVX
// vector holds a lag's four sums where SSE needed two; the operations are the same.
SER_TARGET_CLONES void autocorrelation(const double* __restrict c, const double* __restrict power, int kept, int order,
                                       double* __restrict r) {
  int l = 0;
  for (; l + 4 <= order + 1; l += 4) lags<4>(c, power, kept, l, r);
  for (; l <= order; ++l) lags<1>(c, power, kept, l, r);
}

}  // namespace

bool valid_coefficient_scale(double s) { return s >= -1 && s <= 1 && s != 0; }

void FormantParams::validate() const {
  require(sample_rate >= 11025 && sample_rate <= 192000, "sample_rate", "in [11025, 192000] Hz", sample_rate);
  require(pre_emphasis >= 0 && pre_emphasis < 1, "pre_emphasis", "in [0, 1)", pre_emphasis);
  require(order >= 2 && order <= 40, "order", "in [2, 40]", order);
  require(min_hz >= 0 && min_hz < max_hz, "min_hz", "in [0, max_hz)", min_hz);
  require(lpc_rate >= 2 * max_hz && lpc_rate <= sample_rate, "lpc_rate", "in [2 max_hz, sample_rate] Hz", lpc_rate);
  require(max_bandwidth_hz > 0, "max_bandwidth_hz", "> 0 Hz", max_bandwidth_hz);
  require(valid_coefficient_scale(coefficient_scale), "coefficient_scale", "in [-1, 1], not 0", coefficient_scale);
}

FormantTracker::FormantTracker(int frame_length, const FormantParams& params)
    : params_(params), frame_length_(frame_length), fft_(next_power_of_two(std::max(frame_length, 4))) {
  params_.validate();
  require_parameter(frame_length >= 16, "FormantTracker", "frame_length", ">= 16 samples", frame_length);
  window_ = hamming_window(frame_length);
  const int n = fft_.size();
  // Bins of the zero-padded frame below lpc_rate / 2; the resampled frame has N' = 2 (kept - 1)
  // samples, whose autocorrelation at lag l is sum_k c_k |X(k)|^2 cos(2 pi k l / N'), c_k = 1 at
  // the ends and 2 between.
  kept_bins_ = std::min(fft_.n_bins(), static_cast<int>(std::floor(n * params_.lpc_rate / params_.sample_rate)) / 2 + 1);
  const int n_out = 2 * (kept_bins_ - 1);
  for (int l = 0; l <= params_.order; ++l) {
    for (int k = 0; k < kept_bins_; ++k) {
      const double c = (k == 0 || k == kept_bins_ - 1) ? 1.0 : 2.0;
      cos_table_.push_back(c * std::cos(2.0 * M_PI * k * l / n_out));
    }
  }
  power_.resize(static_cast<size_t>(kept_bins_));
}

void FormantTracker::compute(FloatSpan audio, size_t start, Formants& out) {
  const float k = static_cast<float>(params_.pre_emphasis);
  float* frame = fft_.real();
  float prev = start > 0 ? audio[start - 1] : audio[start];
  for (int i = 0; i < frame_length_; ++i) {
    const float x = audio[start + static_cast<size_t>(i)];
    frame[i] = (x - k * prev) * window_[static_cast<size_t>(i)];
    prev = x;
  }
  std::fill(frame + frame_length_, frame + fft_.size(), 0.0f);
  fft_.forward();
  for (int b = 0; b < kept_bins_; ++b) power_[size_t(b)] = std::norm(fft_.spectrum()[b]);
  from_power(out);
}

void FormantTracker::compute_from_power(const float* power, Formants& out) {
  for (int b = 0; b < kept_bins_; ++b) power_[size_t(b)] = power[b];
  from_power(out);
}

void FormantTracker::from_power(Formants& out) {
  out = Formants{};
  const int p = params_.order;
  double r[41], a[41];
  autocorrelation(cos_table_.data(), power_.data(), kept_bins_, p, r);
  if (!(levinson_durbin(r, p, a) > 0.0)) {
    previous_roots_.clear();
    return;
  }
  if (params_.coefficient_scale != 1.0) {
    for (int i = 1; i <= p; ++i) a[i] *= params_.coefficient_scale;
  }
  std::complex<double> roots[40];
  const bool warm = previous_roots_.size() == static_cast<size_t>(p);
  const int n_roots = polynomial_roots(a, p, roots, warm ? previous_roots_.data() : nullptr);
  previous_roots_.assign(roots, roots + (n_roots == p ? p : 0));
  double freq[40], bw[40];
  int n = 0;
  for (int i = 0; i < n_roots; ++i) {
    const double theta = std::arg(roots[i]);
    if (theta <= 0.0) continue;
    const double f = theta * params_.lpc_rate / (2.0 * M_PI);
    if (!(f > params_.min_hz && f < params_.max_hz)) continue;
    const double b = std::fabs(std::log(std::abs(roots[i]))) * params_.lpc_rate / M_PI;
    if (!(b <= params_.max_bandwidth_hz)) continue;
    freq[n] = f;
    bw[n] = b;
    ++n;
  }
  // The three lowest, in order.
  for (int slot = 0; slot < 3 && slot < n; ++slot) {
    int best = slot;
    for (int j = slot + 1; j < n; ++j)
      if (freq[j] < freq[best]) best = j;
    std::swap(freq[slot], freq[best]);
    std::swap(bw[slot], bw[best]);
    out.frequency[size_t(slot)] = static_cast<float>(freq[slot]);
    out.bandwidth[size_t(slot)] = static_cast<float>(bw[slot]);
  }
}

}  // namespace ser::dsp::voice
