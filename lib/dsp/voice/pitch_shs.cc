#include "dsp/voice/pitch_shs.h"

#include <algorithm>
#include <cmath>

#include "common/require.h"

namespace ser::dsp::voice {
namespace {

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "PitchShsParams", field, range, got);
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
  thomas_c_.assign(n, 0.0);
  thomas_inv_.assign(n, 0.0);
  for (size_t i = 1; i + 1 < n; ++i) {
    const double denom = 4.0 - (i > 1 ? thomas_c_[i - 1] : 0.0);
    thomas_inv_[i] = 1.0 / denom;
    thomas_c_[i] = thomas_inv_[i];
  }
  knot_.resize(n);
  c1_.resize(n);
  c2_.resize(n);
  c3_.resize(n);
  c4_.resize(n);
  weight_.resize(n);
  lo_ = n_bins_;
  hi_ = -1;
  for (size_t i = 0; i < n; ++i) {
    const double s = lo + step_ * static_cast<double>(i);
    const double f = i + 1 == n ? params_.sample_rate / 2 : std::exp2(s);
    const int k = std::min(static_cast<int>(f / df), n_bins_ - 2);
    const double t = f / df - k;
    knot_[i] = k;
    c1_[i] = 1.0 - t;
    c2_[i] = t;
    c3_[i] = df * df / 6.0 * ((1 - t) * (1 - t) * (1 - t) - (1 - t));
    c4_[i] = df * df / 6.0 * (t * t * t - t);
    weight_[i] = 0.5 + std::atan(3.0 * (s - std::log2(65.0))) / M_PI;
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
    frac_.push_back(shift - std::floor(shift));
    gain_.push_back(std::pow(params_.compression, h - 1));
  }
  enhanced_.resize(n);
  second_.resize(n);
  octave_.resize(n);
  summed_.resize(n);
  keep_.resize(n);
}

void PitchShs::octave_spectrum(const float* magnitude) {
  const size_t n = static_cast<size_t>(n_bins_);
  // 1. Keep +-2 bins around each local maximum.
  std::fill(keep_.begin(), keep_.end(), 0);
  for (size_t k = 1; k + 1 < n; ++k) {
    if (magnitude[k] > magnitude[k - 1] && magnitude[k] >= magnitude[k + 1]) {
      for (size_t j = k >= 2 ? k - 2 : 0; j <= std::min(n - 1, k + 2); ++j) keep_[j] = 1;
    }
  }
  // 2. Smooth ([1/4, 1/2, 1/4]; the end bins are kept).
  auto kept = [&](size_t k) { return keep_[k] ? static_cast<double>(magnitude[k]) : 0.0; };
  enhanced_[0] = kept(0);
  enhanced_[n - 1] = kept(n - 1);
  for (size_t k = 1; k + 1 < n; ++k) enhanced_[k] = 0.25 * kept(k - 1) + 0.5 * kept(k) + 0.25 * kept(k + 1);
  // 3. Spline second derivatives (Thomas algorithm, scaled right-hand side).
  const double df = params_.sample_rate / params_.n_fft;
  const double scale = 6.0 / (df * df);
  second_[0] = second_[n - 1] = 0.0;
  for (size_t i = 1; i + 1 < n; ++i) {
    const double rhs = scale * (enhanced_[i + 1] - 2.0 * enhanced_[i] + enhanced_[i - 1]);
    second_[i] = (rhs - (i > 1 ? second_[i - 1] : 0.0)) * thomas_inv_[i];
  }
  for (size_t i = n - 2; i >= 1; --i) second_[i] -= thomas_c_[i] * second_[i + 1];
  // 3-4. Sample on the octave scale and weight.
  for (size_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(knot_[i]);
    const double v = c1_[i] * enhanced_[k] + c2_[i] * enhanced_[k + 1] + c3_[i] * second_[k] + c4_[i] * second_[k + 1];
    octave_[i] = v * weight_[i];
  }
}

void PitchShs::summation() {
  const int n = n_bins_;
  std::fill(summed_.begin(), summed_.end(), 0.0);
  for (size_t h = 0; h < shift_.size(); ++h) {
    const int k = shift_[h];
    const double fr = frac_[h], g = gain_[h];
    const int last = n - 1 - k;  // summed_[i] reads octave_[i + k] and octave_[i + k + 1]
    for (int i = 0; i < last; ++i) {
      summed_[i] += g * ((1.0 - fr) * octave_[i + k] + fr * octave_[i + k + 1]);
    }
  }
}

void PitchShs::pick_candidates(ShsFrame& out) const {
  out.candidates.clear();
  out.voicing = 0.0;
  double max_h = 0.0, sum = 0.0;
  for (int i = lo_; i <= hi_; ++i) max_h = std::max(max_h, summed_[i]);
  for (int i = 0; i < n_bins_; ++i) sum += summed_[i];
  if (!(max_h > 0.0)) return;
  out.voicing = 1.0 - sum / n_bins_ / max_h;
  const double lo = std::log2(params_.scale_min_hz);
  for (int i = lo_; i <= hi_; ++i) {
    const double a = summed_[i - 1], b = summed_[i], c = summed_[i + 1];
    if (!(b > a && b >= c)) continue;
    const double curvature = a - 2.0 * b + c;
    const double d = curvature != 0.0 ? 0.5 * (a - c) / curvature : 0.0;
    PitchCandidate cand{std::exp2(lo + step_ * (i + d)), b - 0.25 * (a - c) * d};
    // Keep the best n_candidates, sorted by score (insertion into a short list).
    auto pos = std::find_if(out.candidates.begin(), out.candidates.end(),
                            [&](const PitchCandidate& x) { return x.score < cand.score; });
    if (static_cast<int>(out.candidates.size()) < params_.n_candidates) {
      out.candidates.insert(pos, cand);
    } else if (pos != out.candidates.end()) {
      out.candidates.insert(pos, cand);
      out.candidates.pop_back();
    }
  }
}

void PitchShs::compute(const float* magnitude, ShsFrame& out) {
  out.candidates.reserve(static_cast<size_t>(params_.n_candidates) + 1);
  octave_spectrum(magnitude);
  summation();
  pick_candidates(out);
}

}  // namespace ser::dsp::voice
