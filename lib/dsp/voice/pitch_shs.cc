#include "dsp/voice/pitch_shs.h"

#include <algorithm>
#include <cmath>

#include "common/require.h"
#include "dsp/simd.h"

namespace ser::dsp::voice {
namespace {

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "PitchShsParams", field, range, got);
}

// See octave_spectrum(): points solved exactly at each end, taps of the FIR in between.
constexpr size_t kExact = 32;
constexpr size_t kTaps = 16;

// out[i] = sum_j w[j] in[i + offset + j] for i in [begin, end), tap by tap across all points
// (element-wise, so it vectorises without reordering any sum; simd.h).
SER_TARGET_CLONES void correlate(const float* __restrict in, const float* __restrict w, float* __restrict out,
                                 size_t begin, size_t end, long offset) {
  for (size_t i = begin; i < end; ++i) out[i] = 0.0f;
  for (size_t j = 0; j < kTaps; ++j) {
    const float t = w[j];
    const float* x = in + offset + static_cast<long>(j);
    for (size_t i = begin; i < end; ++i) out[i] += t * x[i];
  }
}

// out[i] += w0 in[i] + w1 in[i + 1] for i < n (one harmonic of the summation).
SER_TARGET_CLONES void add_shifted(const float* __restrict in, float w0, float w1, float* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] += w0 * in[i] + w1 * in[i + 1];
}

// peak[k] = whether |X(k)| is a local maximum (strictly above its left neighbour, at least its
// right one); the end bins are not.
SER_TARGET_CLONES void mark_peaks(const float* __restrict m, unsigned char* __restrict peak, size_t n) {
  peak[0] = peak[n - 1] = 0;
  for (size_t k = 1; k + 1 < n; ++k) peak[k] = (m[k] > m[k - 1]) & (m[k] >= m[k + 1]);
}

// kept[k] = |X(k)| within 2 bins of a peak, else 0 (Hermes' enhancement).
SER_TARGET_CLONES void keep_near_peaks(const float* __restrict m, const unsigned char* __restrict peak,
                                       float* __restrict kept, size_t n) {
  auto near = [&](size_t k) {
    unsigned char v = peak[k];
    for (size_t j = k >= 2 ? k - 2 : 0; j <= std::min(n - 1, k + 2); ++j) v |= peak[j];
    return v;
  };
  for (size_t k = 0; k < std::min<size_t>(2, n); ++k) kept[k] = near(k) ? m[k] : 0.0f;
  for (size_t k = 2; k + 2 < n; ++k) {
    const unsigned char v = peak[k - 2] | peak[k - 1] | peak[k] | peak[k + 1] | peak[k + 2];
    kept[k] = v ? m[k] : 0.0f;
  }
  for (size_t k = std::max<size_t>(2, n >= 2 ? n - 2 : 0); k < n; ++k) kept[k] = near(k) ? m[k] : 0.0f;
}

// out[i] = c1 a[k] + c2 a[k + 1] + c3 m[k] + c4 m[k + 1], k = knot[i]: the spline sampled.
SER_TARGET_CLONES void sample_spline(const int* __restrict knot, const float* __restrict c1, const float* __restrict c2,
                                     const float* __restrict c3, const float* __restrict c4, const float* __restrict a,
                                     const float* __restrict m, float* __restrict out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const int k = knot[i];
    out[i] = c1[i] * a[k] + c2[i] * a[k + 1] + c3[i] * m[k] + c4[i] * m[k + 1];
  }
}

// The largest of x[0..n) (0 if all are below), in eight partial maxima so that it vectorises: the
// same value as one running maximum (a maximum is exact; the summed spectrum has no NaN).
SER_TARGET_CLONES float maximum(const float* x, size_t n) {
  float partial[8] = {};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t j = 0; j < 8; ++j) partial[j] = std::max(partial[j], x[i + j]);
  for (; i < n; ++i) partial[0] = std::max(partial[0], x[i]);
  float m = 0.0f;
  for (float p : partial) m = std::max(m, p);
  return m;
}

// sum of x[0..n), in eight partial sums (so that it vectorises; the order of a float sum is
// otherwise fixed), added up in double.
SER_TARGET_CLONES double sum_of(const float* x, size_t n) {
  float partial[8] = {};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t j = 0; j < 8; ++j) partial[j] += x[i + j];
  for (; i < n; ++i) partial[0] += x[i];
  double sum = 0.0;
  for (float p : partial) sum += p;
  return sum;
}

}  // namespace

void PitchShsParams::validate() const {
  require(sample_rate >= 4000 && sample_rate <= 192000, "sample_rate", "in [4000, 192000] Hz", sample_rate);
  require(n_fft >= 64 && n_fft <= 65536 && n_fft % 2 == 0, "n_fft", "even and in [64, 65536]", n_fft);
  require(max_pitch > 0 && max_pitch < sample_rate / 2, "max_pitch", "in (0, sample_rate / 2) Hz", max_pitch);
  require(min_pitch > 0 && min_pitch < max_pitch, "min_pitch", "in (0, max_pitch) Hz", min_pitch);
  require(scale_min_hz > 0 && scale_min_hz <= min_pitch, "scale_min_hz", "in (0, min_pitch] Hz", scale_min_hz);
  require(n_harmonics >= 1 && n_harmonics <= 64, "n_harmonics", "in [1, 64]", n_harmonics);
  require(compression > 0 && compression <= 1, "compression", "in (0, 1]", compression);
  require(n_candidates >= 1 && n_candidates <= 16, "n_candidates", "in [1, 16]", n_candidates);
}

PitchShs::PitchShs(const PitchShsParams& params) : params_(params) {
  params_.validate();
  n_bins_ = params_.n_fft / 2 + 1;
  const size_t n = static_cast<size_t>(n_bins_);
  const double df = params_.sample_rate / params_.n_fft;
  const double lo = std::log2(params_.scale_min_hz), hi = std::log2(params_.sample_rate / 2);
  step_ = (hi - lo) / (n_bins_ - 1);

  // Natural cubic spline through equally spaced knots: second derivatives M solve
  // M[i-1] + 4 M[i] + M[i+1] = 6 (a[i+1] - 2 a[i] + a[i-1]) / df^2, M[0] = M[n-1] = 0; the
  // Thomas algorithm's elimination factors depend only on n.
  thomas_c_.assign(n, 0.0f);
  thomas_inv_.assign(n, 0.0f);
  double c_prev = 0.0;
  for (size_t i = 1; i + 1 < n; ++i) {
    const double inv = 1.0 / (4.0 - c_prev);
    thomas_inv_[i] = thomas_c_[i] = static_cast<float>(inv);
    c_prev = inv;
  }
  knot_.resize(n);
  c1_.resize(n);
  c2_.resize(n);
  c3_.resize(n);
  c4_.resize(n);
  // Forward sweep y[i] = r (d[i] - y[i-1]) = sum_k r (-r)^k d[i-k] (stored oldest first, for
  // correlate()); backward m[i] = y[i] - r m[i+1] = sum_k (-r)^k y[i+k].
  const double r = 2.0 - std::sqrt(3.0);
  for (size_t k = 0; k < kTaps; ++k) {
    fir_.push_back(static_cast<float>(r * std::pow(-r, double(kTaps - 1 - k))));
    back_fir_.push_back(static_cast<float>(std::pow(-r, double(k))));
  }
  lo_ = n_bins_;
  hi_ = -1;
  for (size_t i = 0; i < n; ++i) {
    const double s = lo + step_ * static_cast<double>(i);
    const double f = i + 1 == n ? params_.sample_rate / 2 : std::exp2(s);
    const int k = std::min(static_cast<int>(f / df), n_bins_ - 2);
    const double t = f / df - k;
    const double weight = 0.5 + std::atan(3.0 * (s - std::log2(65.0))) / M_PI;
    knot_[i] = k;
    c1_[i] = static_cast<float>(weight * (1.0 - t));
    c2_[i] = static_cast<float>(weight * t);
    c3_[i] = static_cast<float>(weight * df * df / 6.0 * ((1 - t) * (1 - t) * (1 - t) - (1 - t)));
    c4_[i] = static_cast<float>(weight * df * df / 6.0 * (t * t * t - t));
    if (f >= params_.min_pitch && f <= params_.max_pitch) {
      lo_ = std::min(lo_, static_cast<int>(i));
      hi_ = std::max(hi_, static_cast<int>(i));
    }
  }
  // Candidates need both neighbours.
  lo_ = std::max(lo_, 1);
  hi_ = std::min(hi_, n_bins_ - 2);
  for (int h = 1; h <= params_.n_harmonics; ++h) {
    const double shift = std::log2(static_cast<double>(h)) / step_;
    shift_.push_back(static_cast<int>(std::floor(shift)));
    frac_.push_back(static_cast<float>(shift - std::floor(shift)));
    gain_.push_back(static_cast<float>(std::pow(params_.compression, h - 1)));
  }
  kept_.resize(n);
  enhanced_.resize(n);
  second_.resize(n);
  octave_.resize(n);
  summed_.resize(n);
  keep_.resize(n);
}

void PitchShs::octave_spectrum(const float* magnitude) {
  const size_t n = static_cast<size_t>(n_bins_);
  // 1. Keep +-2 bins around each local maximum: mark the maxima, then widen the marks (both
  // passes branch-free, so that they vectorise).
  unsigned char* peak = keep_.data();
  mark_peaks(magnitude, peak, n);
  float* kept = kept_.data();
  keep_near_peaks(magnitude, peak, kept, n);
  // 2. Smooth ([1/4, 1/2, 1/4]; the end bins are kept).
  float* a = enhanced_.data();
  a[0] = kept[0];
  a[n - 1] = kept[n - 1];
  for (size_t k = 1; k + 1 < n; ++k) a[k] = 0.25f * kept[k - 1] + 0.5f * kept[k] + 0.25f * kept[k + 1];
  // 3. Spline second derivatives: the Thomas algorithm, whose elimination factors reach their
  // limit r = 2 - sqrt(3) within a few points; beyond kExact points from either end each sweep is
  // a first-order recursion with factor -r, computed as the equivalent FIR of kTaps taps (r^kTaps
  // < 1e-9), which vectorises, instead of one long dependency chain.
  const double df = params_.sample_rate / params_.n_fft;
  const float scale = static_cast<float>(6.0 / (df * df));
  float* d = summed_.data();  // scratch: the right-hand side (summed_ is written in summation())
  float* y = kept;             // scratch: the forward sweep
  float* m = second_.data();
  d[0] = d[n - 1] = 0.0f;
  for (size_t i = 1; i + 1 < n; ++i) d[i] = scale * (a[i + 1] - 2.0f * a[i] + a[i - 1]);
  const size_t exact = std::min(n, kExact);
  y[0] = 0.0f;
  for (size_t i = 1; i + 1 < n && i < exact; ++i) y[i] = (d[i] - y[i - 1]) * thomas_inv_[i];
  correlate(d, fir_.data(), y, exact, n - 1, -static_cast<long>(kTaps - 1));
  m[0] = m[n - 1] = 0.0f;
  // Backward: the last kExact points exactly, then the FIR down to kExact, then exactly again.
  float next = 0.0f;
  const size_t tail = n > kExact + 2 ? n - 1 - kExact : 1;
  for (size_t i = n - 2; i >= tail && i >= 1; --i) {
    next = y[i] - thomas_c_[i] * next;
    m[i] = next;
  }
  if (tail > kExact) correlate(y, back_fir_.data(), m, kExact, std::min(tail, n - kTaps), 0);
  next = m[std::min(kExact, n - 2)];
  for (size_t i = std::min(kExact, n - 2); i-- > 1;) {
    next = y[i] - thomas_c_[i] * next;
    m[i] = next;
  }
  // 3-4. Sample on the octave scale, weighted.
  sample_spline(knot_.data(), c1_.data(), c2_.data(), c3_.data(), c4_.data(), a, m, octave_.data(), n);
}

void PitchShs::summation() {
  const int n = n_bins_;
  std::fill(summed_.begin(), summed_.end(), 0.0f);
  float* out = summed_.data();
  const float* in = octave_.data();
  for (size_t h = 0; h < shift_.size(); ++h) {
    const int k = shift_[h];
    const float w0 = gain_[h] * (1.0f - frac_[h]), w1 = gain_[h] * frac_[h];
    const int last = n - 1 - k;  // summed_[i] reads octave_[i + k] and octave_[i + k + 1]
    add_shifted(in + k, w0, w1, out, last);
  }
}

void PitchShs::pick_candidates(ShsFrame& out) {
  out.candidates.clear();
  out.voicing = 0.0;
  // No bin within [min_pitch, max_pitch] (parameters that allow it): no maximum, no candidate.
  const float max_h = hi_ >= lo_ ? maximum(summed_.data() + lo_, size_t(hi_ - lo_ + 1)) : 0.0f;
  const double sum = sum_of(summed_.data(), size_t(n_bins_));
  if (!(max_h > 0.0)) return;
  // The candidates: local maxima (mark_peaks' test, branch-free) in [lo_, hi_].
  unsigned char* peak = keep_.data();  // scratch (octave_spectrum() is done with it)
  mark_peaks(summed_.data(), peak, size_t(n_bins_));
  out.voicing = 1.0 - sum / n_bins_ / max_h;
  const double lo = std::log2(params_.scale_min_hz);
  for (int i = lo_; i <= hi_; ++i) {
    if (!peak[i]) continue;
    const float fa = summed_[i - 1], fb = summed_[i], fc = summed_[i + 1];
    const double a = fa, b = fb, c = fc;
    const double curvature = a - 2.0 * b + c;
    const double d = curvature != 0.0 ? 0.5 * (a - c) / curvature : 0.0;
    const double score = b - 0.25 * (a - c) * d;
    // Keep the best n_candidates, sorted by score (insertion into a short list); the frequency
    // (an exp2) only for a peak that makes the list.
    auto pos = std::find_if(out.candidates.begin(), out.candidates.end(),
                            [&](const PitchCandidate& x) { return x.score < score; });
    const bool full = static_cast<int>(out.candidates.size()) >= params_.n_candidates;
    if (full && pos == out.candidates.end()) continue;
    out.candidates.insert(pos, PitchCandidate{std::exp2(lo + step_ * (i + d)), score});
    if (full) out.candidates.pop_back();
  }
}

void PitchShs::compute(const float* magnitude, ShsFrame& out) {
  out.candidates.reserve(static_cast<size_t>(params_.n_candidates) + 1);
  octave_spectrum(magnitude);
  summation();
  pick_candidates(out);
}

}  // namespace ser::dsp::voice
