#include "dsp/chroma.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"
#include "dsp/frequencies.h"
#include "dsp/normalize.h"
#include "dsp/simd.h"
#include "dsp/spectrogram_shape.h"
#include "dsp/tuning.h"

namespace ser::dsp {
namespace {

// Banks cached for tunings on the 0.01 grid; estimates only ever give [-0.5, 0.5), 100 values.
constexpr size_t kMaxCachedBanks = 128;

// Spectrogram rows combined per pass over the chroma rows.
constexpr size_t kBinsPerPass = 8;

// out (nc x frames) = W S for S (bins x frames) and W stored bin-major (weights[k * nc + c]),
// kBinsPerPass bins at a time so that each output row is loaded and stored once per pass;
// vectorised as wide as the CPU allows (simd.h).
SER_TARGET_CLONES void chroma_product(const float* S, size_t bins, size_t frames, const float* weights, size_t nc,
                                      float* out) {
  std::fill(out, out + nc * frames, 0.0f);
  for (size_t k0 = 0; k0 < bins; k0 += kBinsPerPass) {
    const size_t n = std::min(kBinsPerPass, bins - k0);
    const float* src[kBinsPerPass];
    for (size_t b = 0; b < kBinsPerPass; ++b) src[b] = S + (k0 + std::min(b, n - 1)) * frames;
    for (size_t c = 0; c < nc; ++c) {
      float w[kBinsPerPass];
      for (size_t b = 0; b < kBinsPerPass; ++b) w[b] = b < n ? weights[(k0 + b) * nc + c] : 0.0f;
      float* __restrict dst = out + c * frames;
      for (size_t t = 0; t < frames; ++t) {
        float sum = dst[t];
        for (size_t b = 0; b < kBinsPerPass; ++b) sum += w[b] * src[b][t];
        dst[t] = sum;
      }
    }
  }
}

// np.remainder: the result takes the sign of the divisor.
double py_mod(double a, double b) {
  double m = std::fmod(a, b);
  if (m != 0 && ((b < 0) != (m < 0))) m += b;
  return m;
}

void check_finite(double v, const char* field) {
  if (!std::isfinite(v)) throw ParameterError(std::string(field) + " must be finite (got " + std::to_string(v) + ")");
}

// The chroma position q_k of every bin k = 0 .. last (librosa's frqbins), bin 0 put 1.5 octaves
// below bin 1.
std::vector<double> chroma_positions(const ChromaFilterParams& p, size_t last) {
  const std::vector<double> f = linspace(0.0, p.sr, p.n_fft, false);
  std::vector<double> q(last + 1);
  for (size_t k = 1; k <= last; ++k) q[k] = p.n_chroma * hz_to_octs(f[k], p.tuning, p.n_chroma);
  q[0] = q[1] - 1.5 * p.n_chroma;
  return q;
}

// One column of W, before the column norm: Gaussian bumps around q_k in every chroma class.
void gaussian_column(double q, double width, int n_chroma, double* column) {
  const double half = std::nearbyint(n_chroma / 2.0);  // np.round: half to even
  for (int c = 0; c < n_chroma; ++c) {
    const double d = py_mod(q - c + half + 10.0 * n_chroma, n_chroma) - half;
    const double z = 2 * d / width;
    column[c] = std::exp(-0.5 * (z * z));
  }
}

// The filter bank parameters of a chroma_stft at one tuning.
ChromaFilterParams filter_params(const ChromaStftParams& p, double tuning) {
  ChromaFilterParams f;
  f.sr = p.sr;
  f.n_fft = p.n_fft;
  f.n_chroma = p.n_chroma;
  f.tuning = tuning;
  f.ctroct = p.ctroct;
  f.octwidth = p.octwidth;
  f.base_c = p.base_c;
  return f;
}

}  // namespace

void ChromaFilterParams::validate() const {
  if (!(sr > 0) || !std::isfinite(sr)) throw ParameterError("sr must be > 0 Hz (got " + std::to_string(sr) + ")");
  if (n_fft < 2) throw ParameterError("n_fft must be >= 2 (got " + std::to_string(n_fft) + ")");
  if (n_chroma <= 0) throw ParameterError("n_chroma must be > 0 (got " + std::to_string(n_chroma) + ")");
  check_finite(tuning, "tuning");
  check_finite(ctroct, "ctroct");
  if (octwidth && !(*octwidth > 0 && std::isfinite(*octwidth))) {
    throw ParameterError("octwidth must be a finite number > 0, or unset for flat weighting (got " +
                         std::to_string(*octwidth) + ")");
  }
  check_norm(norm, "norm");
}

ChromaFilterBank::ChromaFilterBank(const ChromaFilterParams& params) : params_((params.validate(), params)) {
  const int nc = params_.n_chroma;
  const size_t bins = static_cast<size_t>(n_bins());
  // The width of bin k needs q_{k+1}; the last of all n_fft columns has width 1.
  const size_t last = std::min(bins, static_cast<size_t>(params_.n_fft - 1));
  const std::vector<double> q = chroma_positions(params_, last);
  std::vector<double> W(static_cast<size_t>(nc) * bins);  // n_chroma x bins, as librosa lays it out
  std::vector<double> column(static_cast<size_t>(nc));
  for (size_t k = 0; k < bins; ++k) {
    const double width = k + 1 < q.size() ? std::max(q[k + 1] - q[k], 1.0) : 1.0;
    gaussian_column(q[k], width, nc, column.data());
    for (int c = 0; c < nc; ++c) W[static_cast<size_t>(c) * bins + k] = column[static_cast<size_t>(c)];
  }
  std::vector<double> lengths;
  normalize_columns(W.data(), static_cast<size_t>(nc), bins, params_.norm, lengths);
  const int roll = params_.base_c ? 3 * (nc / 12) : 0;  // np.roll(W, -roll, axis=0)
  weights_.resize(bins * static_cast<size_t>(nc));
  for (size_t k = 0; k < bins; ++k) {
    double octave_weight = 1.0;
    if (params_.octwidth) {
      const double z = (q[k] / nc - params_.ctroct) / *params_.octwidth;
      octave_weight = std::exp(-0.5 * (z * z));
    }
    for (int c = 0; c < nc; ++c) {
      const size_t src = static_cast<size_t>((c + roll) % nc);
      weights_[k * static_cast<size_t>(nc) + static_cast<size_t>(c)] =
          static_cast<float>(W[src * bins + k] * octave_weight);
    }
  }
}

Matrix ChromaFilterBank::to_dense() const {
  const size_t nc = static_cast<size_t>(n_chroma());
  Matrix W(nc, static_cast<size_t>(n_bins()));
  for (size_t k = 0; k < W.cols(); ++k) {
    for (size_t c = 0; c < nc; ++c) W(c, k) = weights_[k * nc + c];
  }
  return W;
}

void ChromaFilterBank::apply(const Matrix& S, Matrix& out) const {
  check_spectrogram_rows(S, params_.n_fft, "chroma_stft");
  const size_t nc = static_cast<size_t>(n_chroma());
  const size_t frames = S.cols();
  out.resize(nc, frames);
  chroma_product(S.data(), S.rows(), frames, weights_.data(), nc, out.data());
}

void ChromaStftParams::validate() const {
  filter_params(*this, tuning.value_or(0.0)).validate();
  check_norm(norm, "norm");
}

ChromaStft::ChromaStft(const ChromaStftParams& params) : params_((params.validate(), params)) {}

const ChromaFilterBank& ChromaStft::filter_bank(double tuning) {
  check_finite(tuning, "tuning");
  const double hundredths = tuning * 100;
  const long long key = std::llround(hundredths);
  if (std::fabs(hundredths - static_cast<double>(key)) <= 1e-7) {
    auto it = banks_.find(key);
    if (it == banks_.end()) {
      if (banks_.size() >= kMaxCachedBanks) banks_.clear();
      it = banks_.emplace(key, ChromaFilterBank(filter_params(params_, static_cast<double>(key) / 100.0))).first;
    }
    return it->second;
  }
  if (!other_bank_ || other_bank_->params().tuning != tuning) other_bank_.emplace(filter_params(params_, tuning));
  return *other_bank_;
}

double ChromaStft::compute(const Matrix& S, Matrix& out) {
  check_spectrogram_rows(S, params_.n_fft, "chroma_stft");
  const double tuning =
      params_.tuning ? *params_.tuning : tuning_.estimate(S, params_.sr, params_.n_fft, 0.01, params_.n_chroma);
  filter_bank(tuning).apply(S, out);
  // librosa.util.normalize refuses non-finite input.
  for (size_t i = 0; i < out.size(); ++i) {
    if (!std::isfinite(out.data()[i])) {
      throw ParameterError("chroma_stft: S holds a non-finite value (or values whose chroma overflows)");
    }
  }
  normalize_columns(out, params_.norm, lengths_);
  return tuning;
}

Matrix chroma_filter_bank(const ChromaFilterParams& params) { return ChromaFilterBank(params).to_dense(); }

Matrix chroma_stft(const Matrix& S, const ChromaStftParams& params) {
  Matrix out;
  ChromaStft(params).compute(S, out);
  return out;
}

}  // namespace ser::dsp
