#include "dsp/stft_f64.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/modulus.h"
#include "dsp/simd.h"
#include "dsp/transpose.h"

namespace ser::dsp {

std::vector<double> periodic_hann_f64(size_t n) {
  if (n <= 1) return std::vector<double>(n, 1.0);
  std::vector<double> w(n);
  const double step = (M_PI - (-M_PI)) / static_cast<double>(n);
  for (size_t k = 0; k < n; ++k) w[k] = 0.5 + 0.5 * std::cos(static_cast<double>(k) * step + (-M_PI));
  return w;
}

namespace {

// frame[i] = window[i] y[start + i] for i in [lo, hi), zero elsewhere in [0, n_fft).
SER_TARGET_CLONES void window_frame(const float* y, long long start, const double* window, double* frame, long long lo,
                                    long long hi, long long n_fft) {
  for (long long i = 0; i < lo; ++i) frame[i] = 0.0;
  const float* x = y + (start + lo);  // start + lo >= 0: the first sample inside the signal
  for (long long i = lo; i < hi; ++i) frame[i] = window[i] * static_cast<double>(x[i - lo]);
  for (long long i = hi; i < n_fft; ++i) frame[i] = 0.0;
}

// The float64 spectrum rounded to complex64, as numpy stores librosa.stft's result.
SER_TARGET_CLONES void round_spectrum(const double* in, float* out, size_t n_values) {
  for (size_t i = 0; i < n_values; ++i) out[i] = static_cast<float>(in[i]);
}

// out[i] = float(out[i] + window[i] (frame[i] scale)): one frame overlap-added as librosa's
// __overlap_add adds a float64 frame into a float32 signal.
SER_TARGET_CLONES void overlap_add(const double* frame, const double* window, double scale, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(out[i] + window[i] * (frame[i] * scale));
}

// The complex64 spectrum widened to complex128 for the inverse FFT.
SER_TARGET_CLONES void widen(const float* in, size_t n_values, double* out) {
  for (size_t i = 0; i < n_values; ++i) out[i] = in[i];
}

// y[i] = ola[i] / sum[i] where the window sum exceeds the smallest normal float, else ola[i],
// written as a division by 1 there (exact) so that no division sits under a condition, which
// would keep the loop from vectorising.
SER_TARGET_CLONES void divide_by_envelope(const float* ola, const float* sum, size_t n, float* y) {
  const float tiny = std::numeric_limits<float>::min();
  for (size_t i = 0; i < n; ++i) {
    const float s = sum[i];
    const float divisor = s > tiny ? s : 1.0f;
    y[i] = ola[i] / divisor;
  }
}

// One frame's magnitude and power as StftF64::Outputs asks for them, from its spectrum values
// (complex64, or complex128 to be rounded to it); a null pointer is not stored.
template <typename Complex>
void moduli(const Complex* spectrum, size_t bins, bool power_of_magnitude, float* magnitude, float* power) {
  if (magnitude && power && power_of_magnitude) {
    modulus_and_square(spectrum, bins, magnitude, power);
    return;
  }
  if (magnitude) modulus(spectrum, bins, magnitude);
  if (power) squared_modulus(spectrum, bins, power);
}

// librosa.util.pad_center of the win_length Hann window to n_fft.
std::vector<double> padded_window(const StftParams& params) {
  std::vector<double> window(static_cast<size_t>(params.n_fft), 0.0);
  const std::vector<double> w = periodic_hann_f64(static_cast<size_t>(params.window_length()));
  std::copy(w.begin(), w.end(), window.begin() + (params.n_fft - params.window_length()) / 2);
  return window;
}

// x[i] = float(x[i] + w2[i]): one frame's squared window added as window_sumsquare adds it.
SER_TARGET_CLONES void add_squares(const double* w2, size_t n, float* x) {
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(x[i] + w2[i]);
}

// librosa.filters.window_sumsquare of n_frames frames, into sum.
void window_sumsquare(const std::vector<double>& window_squared, size_t hop, size_t n_frames, std::vector<float>& sum) {
  const size_t n_fft = window_squared.size();
  sum.assign(n_fft + hop * (n_frames - 1), 0.0f);
  for (size_t t = 0; t < n_frames; ++t) add_squares(window_squared.data(), n_fft, sum.data() + t * hop);
}

}  // namespace

StftF64::StftF64(const StftParams& params)
    : params_((params.validate(), params)), window_(padded_window(params)), fft_(params.n_fft) {}

void StftF64::transform(FloatSpan y, size_t t) {
  const long long n_fft = params_.n_fft;
  const long long n = static_cast<long long>(y.size());
  const long long start = static_cast<long long>(t) * params_.hop_length - (params_.center ? n_fft / 2 : 0);
  // frame[i] = window[i] y[start + i] inside the signal, 0 in the padding.
  const long long lo = std::clamp(-start, 0LL, n_fft);
  const long long hi = std::clamp(n - start, lo, n_fft);
  window_frame(y.data(), start, window_.data(), fft_.real(), lo, hi, n_fft);
  fft_.forward();
}

// The bins x frames outputs hold one frame's spectrum in a column: frames are transformed a block
// at a time into rows (of the by-frame outputs, or of frame-major blocks), which are then
// transposed into their columns.
void StftF64::compute(FloatSpan y, const Outputs& out) {
  const size_t frames = stft_frames(params_, y.size());
  const size_t bins = n_bins();
  for (Matrix* m : {out.magnitude, out.power}) {
    if (m) m->resize(bins, frames);
  }
  if (out.magnitude_by_frame) out.magnitude_by_frame->resize(frames, bins);
  if (out.D) out.D->resize(bins, frames);
  if (out.D_by_frame) out.D_by_frame->resize(frames, bins);
  const bool complex_rows = out.D || out.D_by_frame;
  const bool magnitude_rows = out.magnitude || out.magnitude_by_frame || (out.power && out.power_of_magnitude);
  block_.resize(complex_rows && !out.D_by_frame ? kBlock * bins : 0);
  magnitude_block_.resize(magnitude_rows && !out.magnitude_by_frame ? kBlock * bins : 0);
  power_block_.resize(out.power ? kBlock * bins : 0);
  for (size_t t0 = 0; t0 < frames; t0 += kBlock) {
    const size_t count = std::min(kBlock, frames - t0);
    std::complex<float>* spectra = out.D_by_frame ? out.D_by_frame->row(t0) : block_.data();
    float* magnitudes = out.magnitude_by_frame ? out.magnitude_by_frame->row(t0) : magnitude_block_.data();
    for (size_t b = 0; b < count; ++b) {
      transform(y, t0 + b);
      float* magnitude = magnitude_rows ? magnitudes + b * bins : nullptr;
      float* power = out.power ? power_block_.data() + b * bins : nullptr;
      if (complex_rows) {
        std::complex<float>* spectrum = spectra + b * bins;
        round_spectrum(reinterpret_cast<const double*>(fft_.spectrum()), reinterpret_cast<float*>(spectrum), 2 * bins);
        moduli(spectrum, bins, out.power_of_magnitude, magnitude, power);
      } else {
        // Straight from the float64 spectrum, rounding as it goes: no complex64 copy.
        moduli(fft_.spectrum(), bins, out.power_of_magnitude, magnitude, power);
      }
    }
    if (out.D) transpose(spectra, bins, out.D->data() + t0, frames, count, bins);
    if (out.magnitude) transpose(magnitudes, bins, out.magnitude->data() + t0, frames, count, bins);
    if (out.power) transpose(power_block_.data(), bins, out.power->data() + t0, frames, count, bins);
  }
}

void StftF64::compute(FloatSpan y, ComplexMatrix& D) { compute(y, Outputs{&D, nullptr, nullptr, nullptr, nullptr}); }

void StftF64::compute(FloatSpan y, ComplexMatrix& D, Matrix& M, Matrix& P) {
  compute(y, Outputs{&D, nullptr, &M, nullptr, &P});
}

void StftF64::magnitude(FloatSpan y, Matrix& M) { compute(y, Outputs{nullptr, nullptr, &M, nullptr, nullptr}); }

void StftF64::magnitude(FloatSpan y, Matrix& M, Matrix& P) { compute(y, Outputs{nullptr, nullptr, &M, nullptr, &P}); }

void StftF64::power(FloatSpan y, Matrix& P) {
  Outputs out;
  out.power = &P;
  out.power_of_magnitude = false;
  compute(y, out);
}

IstftF64::IstftF64(const StftParams& params)
    : params_((params.validate(), params)), window_(padded_window(params)), fft_(params.n_fft) {
  for (double w : window_) window_squared_.push_back(w * w);
}

// The sum at position p comes from the frames t with t hop <= p < t hop + n_fft, added in order of
// t. Below n hop, that is the same set of frames for n frames as for more: those positions of a
// longer envelope are the shorter one's. Above it, the frames are the last ones, at the same
// offsets for every n large enough that the first frame does not reach there: the longer
// envelope's own end. So the envelope of the longest input seen serves every shorter one.
IstftF64::Envelope IstftF64::envelope(size_t n_frames) {
  const size_t n_fft = static_cast<size_t>(params_.n_fft);
  const size_t hop = static_cast<size_t>(params_.hop_length);
  const size_t steady = (n_fft + hop - 1) / hop + 1;  // frames from which the end no longer changes
  const bool cut = n_frames >= steady && hop < n_fft;
  const bool reusable = n_frames == window_sum_frames_ || (cut && window_sum_frames_ >= n_frames);
  if (!reusable) {
    window_sum_frames_ = cut ? std::max(n_frames, 2 * window_sum_frames_) : n_frames;
    window_sumsquare(window_squared_, hop, window_sum_frames_, window_sum_);
  }
  if (!cut) return {window_sum_.data(), window_sum_.size(), nullptr};
  return {window_sum_.data(), n_frames * hop, window_sum_.data() + window_sum_.size() - (n_fft - hop)};
}

size_t IstftF64::frames_to_invert(size_t n_bins, size_t n_frames, size_t length) const {
  const size_t n_fft = static_cast<size_t>(params_.n_fft);
  const size_t hop = static_cast<size_t>(params_.hop_length);
  if (n_bins != n_fft / 2 + 1) {
    throw ParameterError("istft: the spectrogram has " + std::to_string(n_bins) + " bins per frame but n_fft=" +
                         std::to_string(n_fft) + " needs " + std::to_string(n_fft / 2 + 1));
  }
  const size_t start = params_.center ? n_fft / 2 : 0;
  return std::min(n_frames, (length + 2 * start + hop - 1) / hop);
}

void IstftF64::add_frame(const std::complex<float>* spectrum, size_t t) {
  const size_t n_fft = static_cast<size_t>(params_.n_fft);
  const double scale = 1.0 / static_cast<double>(n_fft);  // numpy's irfft normalisation
  widen(reinterpret_cast<const float*>(spectrum), 2 * (n_fft / 2 + 1), reinterpret_cast<double*>(fft_.spectrum()));
  fft_.inverse();
  overlap_add(fft_.real(), window_.data(), scale, ola_.data() + t * static_cast<size_t>(params_.hop_length), n_fft);
}

void IstftF64::normalize(size_t frames, size_t length, std::vector<float>& y) {
  const size_t start = params_.center ? static_cast<size_t>(params_.n_fft / 2) : 0;
  const Envelope e = envelope(frames);
  const size_t n_out = std::min(length, ola_.size() - std::min(start, ola_.size()));
  const size_t in_head = std::min(n_out, e.head_size - std::min(start, e.head_size));
  divide_by_envelope(ola_.data() + start, e.head + start, in_head, y.data());
  if (in_head < n_out) {
    const size_t p = start + in_head;  // the first position in the tail
    divide_by_envelope(ola_.data() + p, e.tail + (p - e.head_size), n_out - in_head, y.data() + in_head);
  }
}

void IstftF64::compute(const ComplexMatrix& D, size_t length, std::vector<float>& y) {
  const size_t bins = D.rows();
  const size_t frames = frames_to_invert(bins, D.cols(), length);
  y.assign(length, 0.0f);
  if (frames == 0) return;
  ola_.assign(static_cast<size_t>(params_.n_fft) + static_cast<size_t>(params_.hop_length) * (frames - 1), 0.0f);
  // Columns of D are gathered a block of frames at a time, by a transpose.
  block_.resize(kBlock * bins);
  for (size_t t0 = 0; t0 < frames; t0 += kBlock) {
    const size_t count = std::min(kBlock, frames - t0);
    transpose(D.data() + t0, D.cols(), block_.data(), bins, bins, count);
    for (size_t b = 0; b < count; ++b) add_frame(block_.data() + b * bins, t0 + b);
  }
  normalize(frames, length, y);
}

void IstftF64::compute_by_frame(const ComplexMatrix& D_by_frame, size_t length, std::vector<float>& y) {
  const size_t frames = frames_to_invert(D_by_frame.cols(), D_by_frame.rows(), length);
  y.assign(length, 0.0f);
  if (frames == 0) return;
  ola_.assign(static_cast<size_t>(params_.n_fft) + static_cast<size_t>(params_.hop_length) * (frames - 1), 0.0f);
  for (size_t t = 0; t < frames; ++t) add_frame(D_by_frame.row(t), t);
  normalize(frames, length, y);
}

}  // namespace ser::dsp
