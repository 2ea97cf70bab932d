#include "dsp/cqt.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>
#include <tuple>

#include "common/error.h"
#include "dsp/simd.h"
#include "dsp/transpose.h"

namespace ser::dsp {
namespace {

// How many times x divides by 2 (constantq.__num_two_factors); 0 for x <= 0.
int num_two_factors(int x) {
  if (x <= 0) return 0;
  int n = 0;
  while (x % 2 == 0) {
    ++n;
    x /= 2;
  }
  return n;
}

// y += a x over n complex values held as separate real and imaginary parts: scipy's csr_matvecs
// inner loop (axpy), with its complex product (a_r x_r - a_i x_i, a_r x_i + a_i x_r) in float32.
SER_TARGET_CLONES void complex_axpy(float a_re, float a_im, const float* x_re, const float* x_im, size_t n,
                                    float* y_re, float* y_im) {
  for (size_t t = 0; t < n; ++t) {
    const float p_re = a_re * x_re[t] - a_im * x_im[t];
    const float p_im = a_re * x_im[t] + a_im * x_re[t];
    y_re[t] += p_re;
    y_im[t] += p_im;
  }
}

// The real and imaginary parts of n complex128 values, each rounded to float.
SER_TARGET_CLONES void split_to_float(const std::complex<double>* in, size_t n, float* re, float* im) {
  const double* v = reinterpret_cast<const double*>(in);
  for (size_t i = 0; i < n; ++i) {
    re[i] = static_cast<float>(v[2 * i]);
    im[i] = static_cast<float>(v[2 * i + 1]);
  }
}

// |v / sqrt(L)| for a row of the response: numpy divides complex64 by float64 in complex128,
// which is a multiplication by 1 / sqrt(L), then takes the complex64 magnitude (hypotf).
SER_TARGET_CLONES void scaled_magnitude(const float* re, const float* im, size_t n, double inv_sqrt_length,
                                        float* out) {
  for (size_t t = 0; t < n; ++t) {
    const float r = static_cast<float>(re[t] * inv_sqrt_length);
    const float i = static_cast<float>(im[t] * inv_sqrt_length);
    out[t] = static_cast<float>(std::sqrt(static_cast<double>(r) * r + static_cast<double>(i) * i));
  }
}

}  // namespace

// The filter bank for one tuning: librosa's early downsampling and the per-octave bases.
struct Cqt::Bank {
  struct Octave {
    SparseFilterBasis basis;
    size_t first_row = 0;     // the octave fills bins [first_row, first_row + basis.n_filters())
    bool halve_after = false; // resample by 1/2 (and halve the hop) before the next octave
  };
  int early_factor = 1;                 // 2^(early downsampling count)
  int hop = 0;                          // hop after early downsampling
  std::vector<double> inv_sqrt_length;  // 1 / sqrt(L_k) at the rate after early downsampling
  std::vector<Octave> octaves;
};

void CqtParams::validate() const {
  if (!(sr > 0) || !std::isfinite(sr)) throw ParameterError("sr must be a finite rate > 0 Hz (got " + std::to_string(sr) + ")");
  if (hop_length <= 0) throw ParameterError("hop_length must be > 0 (got " + std::to_string(hop_length) + ")");
  if (!(fmin > 0) || !std::isfinite(fmin)) throw ParameterError("fmin must be > 0 Hz (got " + std::to_string(fmin) + ")");
  if (n_bins <= 0) throw ParameterError("n_bins must be > 0 (got " + std::to_string(n_bins) + ")");
  if (bins_per_octave <= 0) {
    throw ParameterError("bins_per_octave must be > 0 (got " + std::to_string(bins_per_octave) + ")");
  }
  if (!(filter_scale > 0) || !std::isfinite(filter_scale)) {
    throw ParameterError("filter_scale must be > 0 (got " + std::to_string(filter_scale) + ")");
  }
  if (!(norm > 0)) throw ParameterError("norm must be > 0 or +inf (got " + std::to_string(norm) + ")");
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw ParameterError("sparsity must lie in [0, 1) (got " + std::to_string(sparsity) + ")");
  }
}

Cqt::Cqt(const CqtParams& params)
    : params_((params.validate(), params)),
      halve_(std::make_unique<Resampler>(ResampleParams{2, 1, params.res_type, true, true})) {}

Cqt::~Cqt() = default;

std::shared_ptr<const Cqt::Bank> Cqt::shared_bank(const CqtParams& p, double tuning) {
  // Everything a bank depends on; res_type and scale act later.
  using Key = std::tuple<double, int, double, int, int, double, double, double, double>;
  const Key key{p.sr, p.hop_length, p.fmin, p.n_bins, p.bins_per_octave, p.filter_scale, p.norm, p.sparsity, tuning};
  static std::mutex mutex;
  static std::map<Key, std::shared_ptr<const Bank>> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto found = cache.find(key);
    if (found != cache.end()) return found->second;
  }
  // Built outside the lock: two threads may build the same bank once each, which is harmless.
  std::shared_ptr<const Bank> bank = make_bank(p, tuning);
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() >= 256) cache.clear();  // users of dropped banks keep their shared_ptr
  return cache.emplace(key, std::move(bank)).first->second;
}

std::shared_ptr<const Cqt::Bank> Cqt::make_bank(const CqtParams& p, double tuning) {
  const int bpo = p.bins_per_octave;
  const std::vector<double> freqs = cqt_frequencies(p.n_bins, p.fmin * std::pow(2.0, tuning / bpo), bpo);
  const std::vector<double> alpha =
      p.n_bins == 1 ? std::vector<double>{equal_temperament_alpha(bpo)} : relative_bandwidth(freqs);
  const double cutoff = wavelet_lengths(freqs, alpha, p.sr, p.filter_scale).cutoff;
  const double nyquist = p.sr / 2.0;
  if (cutoff > nyquist) {
    throw ParameterError("cqt: the filters reach " + std::to_string(cutoff) + " Hz, beyond the Nyquist frequency " +
                         std::to_string(nyquist) + " Hz; lower n_bins, fmin or filter_scale");
  }
  const int n_octaves = (p.n_bins + bpo - 1) / bpo;
  const int n_filters = std::min(bpo, p.n_bins);

  auto bank = std::make_unique<Bank>();
  // constantq.__early_downsample_count
  const int count1 = std::max(0, static_cast<int>(std::ceil(std::log2(nyquist / cutoff)) - 1) - 1);
  const int count2 = std::max(0, num_two_factors(p.hop_length) - n_octaves + 1);
  const int count = std::min(count1, count2);
  bank->early_factor = 1 << count;
  bank->hop = p.hop_length / bank->early_factor;
  const double sr = p.sr / bank->early_factor;

  for (double length : wavelet_lengths(freqs, alpha, sr, p.filter_scale).lengths) {
    bank->inv_sqrt_length.push_back(1.0 / std::sqrt(length));
  }
  double my_sr = sr;
  int my_hop = bank->hop;
  for (int i = 0; i < n_octaves; ++i) {
    const int end = p.n_bins - n_filters * i;
    const int start = std::max(0, end - n_filters);
    const std::vector<double> f(freqs.begin() + start, freqs.begin() + end);
    const std::vector<double> a(alpha.begin() + start, alpha.begin() + end);
    Bank::Octave octave;
    octave.basis = wavelet_filter_fft(f, a, my_sr, p.filter_scale, p.norm, p.sparsity,
                                      static_cast<float>(std::sqrt(sr / my_sr)));
    octave.first_row = static_cast<size_t>(start);
    if (my_hop % 2 == 0) {
      octave.halve_after = i + 1 < n_octaves;
      my_hop /= 2;
      my_sr /= 2.0;
    }
    bank->octaves.push_back(std::move(octave));
  }
  return bank;
}

RealFftF64& Cqt::fft(int n_fft) {
  std::unique_ptr<RealFftF64>& f = ffts_[n_fft];
  if (!f) f = std::make_unique<RealFftF64>(n_fft);
  return *f;
}

void Cqt::octave_response(const SparseFilterBasis& basis, FloatSpan y, int hop, size_t frames, size_t first_row) {
  const int lo = basis.min_column();
  const int hi = basis.max_column();
  if (hi < lo) return;  // no filter kept anything: the rows stay zero
  const size_t band = static_cast<size_t>(hi - lo + 1);
  band_re_.resize(band * frames);
  band_im_.resize(band * frames);

  // stft(y, n_fft, hop, window='ones', center=True, pad_mode='constant'), bins lo .. hi only,
  // numpy's float64 FFT stored in librosa's complex64 STFT matrix: a block of frames at a time
  // into frame-major rows, then transposed into the bins x frames band.
  RealFftF64& f = fft(basis.n_fft);
  const long long n_fft = basis.n_fft;
  const long long n = static_cast<long long>(y.size());
  block_re_.resize(kBlock * band);
  block_im_.resize(kBlock * band);
  for (size_t t0 = 0; t0 < frames; t0 += kBlock) {
    const size_t count = std::min(kBlock, frames - t0);
    for (size_t b = 0; b < count; ++b) {
      const long long start = static_cast<long long>(t0 + b) * hop - n_fft / 2;
      // frame[i] = y[start + i] inside the signal, 0 outside (the centring pad and the tail).
      const long long lo_i = std::clamp(-start, 0LL, n_fft);
      const long long hi_i = std::clamp(n - start, lo_i, n_fft);
      double* frame = f.real();
      std::fill(frame, frame + lo_i, 0.0);
      std::copy(y.data() + (start + lo_i), y.data() + (start + hi_i), frame + lo_i);
      std::fill(frame + hi_i, frame + n_fft, 0.0);
      f.forward();
      split_to_float(f.spectrum() + lo, band, block_re_.data() + b * band, block_im_.data() + b * band);
    }
    transpose(block_re_.data(), band, band_re_.data() + t0, frames, count, band);
    transpose(block_im_.data(), band, band_im_.data() + t0, frames, count, band);
  }

  // fft_basis.dot(D): each filter's sum over its kept bins, in column order.
  for (size_t k = 0; k < basis.n_filters(); ++k) {
    float* out_re = response_re_.data() + (first_row + k) * frames;
    float* out_im = response_im_.data() + (first_row + k) * frames;
    for (size_t e = basis.row_start[k]; e < basis.row_start[k + 1]; ++e) {
      const size_t j = static_cast<size_t>(basis.column[e] - lo);
      complex_axpy(basis.value[e].real(), basis.value[e].imag(), band_re_.data() + j * frames,
                   band_im_.data() + j * frames, frames, out_re, out_im);
    }
  }
}

void Cqt::magnitude(FloatSpan y, double tuning, Matrix& C) {
  if (!std::isfinite(tuning)) throw ParameterError("tuning must be finite (got " + std::to_string(tuning) + ")");
  const std::shared_ptr<const Bank> bank = shared_bank(params_, tuning);
  const Bank& b = *bank;

  FloatSpan x = y;
  if (b.early_factor > 1) {
    if (y.size() < static_cast<size_t>(b.early_factor)) {
      throw ParameterError("cqt: a signal of " + std::to_string(y.size()) + " samples is too short for the " +
                           std::to_string(b.octaves.size()) + "-octave CQT");
    }
    if (!early_ || early_->params().orig_sr != b.early_factor) {
      early_ = std::make_unique<Resampler>(ResampleParams{double(b.early_factor), 1, params_.res_type, true, true});
    }
    early_->compute(y, signal_);
    if (!params_.scale) {
      const float s = static_cast<float>(std::sqrt(double(b.early_factor)));
      for (float& v : signal_) v *= s;
    }
    x = signal_;
  }

  // Every octave is trimmed to the fewest frames, known from the lengths alone: each halving
  // gives ceil(n / 2) samples (librosa.resample's fix).
  size_t frames = std::numeric_limits<size_t>::max();
  {
    size_t length = x.size();
    int hop = b.hop;
    for (const auto& octave : b.octaves) {
      frames = std::min(frames, 1 + length / static_cast<size_t>(hop));
      if (octave.halve_after) length = (length + 1) / 2;
      if (hop % 2 == 0) hop /= 2;
    }
  }

  const size_t n_bins = static_cast<size_t>(params_.n_bins);
  response_re_.assign(n_bins * frames, 0.0f);
  response_im_.assign(n_bins * frames, 0.0f);
  int hop = b.hop;
  for (const auto& octave : b.octaves) {
    octave_response(octave.basis, x, hop, frames, octave.first_row);
    if (octave.halve_after) {
      halve_->compute(x, next_);
      std::swap(signal_, next_);
      x = signal_;
    }
    if (hop % 2 == 0) hop /= 2;
  }

  C.resize(n_bins, frames);
  for (size_t k = 0; k < n_bins; ++k) {
    const double inv = params_.scale ? b.inv_sqrt_length[k] : 1.0;
    scaled_magnitude(response_re_.data() + k * frames, response_im_.data() + k * frames, frames, inv, C.row(k));
  }
}

Matrix cqt_magnitude(FloatSpan y, double tuning, const CqtParams& params) {
  Cqt cqt(params);
  Matrix C;
  cqt.magnitude(y, tuning, C);
  return C;
}

}  // namespace ser::dsp
