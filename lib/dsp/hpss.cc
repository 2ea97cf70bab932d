#include "dsp/hpss.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/modulus.h"
#include "dsp/numpy_power.h"
#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// librosa.util.softmask(X, X_ref, power, split_zeros) for one element.
inline float softmask(float x, float ref, float power, bool split_zeros) {
  if (std::isinf(power)) return x > ref ? 1.0f : 0.0f;
  const float z = std::max(x, ref);
  if (z < std::numeric_limits<float>::min()) return split_zeros ? 0.5f : 0.0f;
  const float mask = numpy_power(x / z, power);
  const float ref_mask = numpy_power(ref / z, power);
  return mask / (mask + ref_mask);
}

// librosa.magphase's phase of d, whose magnitude is s: d / s, and 1 where s = 0.
inline std::complex<float> unit_phase(std::complex<float> d, float s) {
  const float zero = s == 0.0f ? 1.0f : 0.0f;
  return {d.real() / (s + zero) + zero, d.imag() / (s + zero)};
}

// hpss(D)[0] for one element at power 2, the default and the hot case: the operations of
// softmask() and unit_phase(), branch-free. d and out: one complex value as (re, im). V is float,
// or a vector of floats whose comparisons give lane masks for the selections.
template <typename V>
inline void harmonic_power2(V d_re, V d_im, V s, V h, V p, V split_value, V& out_re, V& out_im) {
  const V one = V{} + 1.0f;
  const V z = h >= p ? h : p;
  const auto tiny = z < std::numeric_limits<float>::min();
  const V zz = tiny ? one : z;
  const V a = h / zz;
  const V b = p / zz;
  const V m = a * a;
  const V r = b * b;
  const V mask = tiny ? split_value : m / (m + r);
  const V zero = s == 0.0f ? one : one - one;
  const V sh = s * mask;
  out_re = sh * (d_re / (s + zero) + zero);
  out_im = sh * (d_im / (s + zero));
}

using simd::V8f;
typedef int32_t V8i __attribute__((vector_size(32)));  // a shuffle's lane indices

// hpss(D)[0] element-wise for power 2 over n elements; d and out are interleaved complex
// values. Eight at a time in vector registers (simd.h): written as a plain loop the compiler
// would not vectorise it without AVX-512's masks, because it moves the divisions under the
// branch `tiny` selects between.
SER_TARGET_CLONES void harmonic_power2(const float* d, const float* mag, const float* harm, const float* perc,
                                       size_t n, float margin, float split_value, float* out) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const V8f d0 = *reinterpret_cast<const V8f*>(d + 2 * i);
    const V8f d1 = *reinterpret_cast<const V8f*>(d + 2 * i + 8);
    const V8f re = SER_SHUFFLE(d0, d1, V8i, 0, 2, 4, 6, 8, 10, 12, 14);
    const V8f im = SER_SHUFFLE(d0, d1, V8i, 1, 3, 5, 7, 9, 11, 13, 15);
    const V8f h = *reinterpret_cast<const V8f*>(harm + i);
    const V8f p = *reinterpret_cast<const V8f*>(perc + i) * margin;
    V8f out_re, out_im;
    harmonic_power2<V8f>(re, im, *reinterpret_cast<const V8f*>(mag + i), h, p, V8f{} + split_value, out_re, out_im);
    *reinterpret_cast<V8f*>(out + 2 * i) = SER_SHUFFLE(out_re, out_im, V8i, 0, 8, 1, 9, 2, 10, 3, 11);
    *reinterpret_cast<V8f*>(out + 2 * i + 8) = SER_SHUFFLE(out_re, out_im, V8i, 4, 12, 5, 13, 6, 14, 7, 15);
  }
  for (; i < n; ++i) {
    harmonic_power2<float>(d[2 * i], d[2 * i + 1], mag[i], harm[i], perc[i] * margin, split_value, out[2 * i],
                           out[2 * i + 1]);
  }
}

void check_non_negative(const Matrix& S) {
  for (size_t r = 0; r < S.rows(); ++r) {
    const float* row = S.row(r);
    for (size_t c = 0; c < S.cols(); ++c) {
      if (row[c] < 0.0f) {
        throw ParameterError("hpss: S must be a non-negative magnitude spectrogram, but S[" + std::to_string(r) +
                             ", " + std::to_string(c) + "] = " + std::to_string(row[c]));
      }
    }
  }
}

}  // namespace

void HpssParams::validate() const {
  if (kernel_harmonic < 1) {
    throw ParameterError("kernel_harmonic must be >= 1 (got " + std::to_string(kernel_harmonic) + ")");
  }
  if (kernel_percussive < 1) {
    throw ParameterError("kernel_percussive must be >= 1 (got " + std::to_string(kernel_percussive) + ")");
  }
  if (!(power > 0.0f)) {
    throw ParameterError("power must be > 0 (+infinity for hard masks) (got " + std::to_string(power) + ")");
  }
  if (!(margin_harmonic >= 1.0f)) {
    throw ParameterError("margin_harmonic must be >= 1 (got " + std::to_string(margin_harmonic) + ")");
  }
  if (!(margin_percussive >= 1.0f)) {
    throw ParameterError("margin_percussive must be >= 1 (got " + std::to_string(margin_percussive) + ")");
  }
}

Hpss::Hpss(const HpssParams& params)
    : params_((params.validate(), params)),
      along_time_({params.kernel_harmonic, 1}),
      along_frequency_({params.kernel_percussive, 0}),
      along_time_by_frame_({params.kernel_harmonic, 0}),
      along_frequency_by_frame_({params.kernel_percussive, 1}) {}

void Hpss::filter(const Matrix& S, bool by_frame) {
  (by_frame ? along_time_by_frame_ : along_time_).apply(S, harm_);
  (by_frame ? along_frequency_by_frame_ : along_frequency_).apply(S, perc_);
}

void Hpss::magnitude(const ComplexMatrix& D) {
  mag_.resize(D.rows(), D.cols());
  modulus(D.data(), D.size(), mag_.data());
}

void Hpss::soft_masks(Matrix& mask_harmonic, Matrix& mask_percussive) const {
  const float mh = params_.margin_harmonic;
  const float mp = params_.margin_percussive;
  const bool split = mh == 1.0f && mp == 1.0f;
  mask_harmonic.resize(harm_.rows(), harm_.cols());
  mask_percussive.resize(harm_.rows(), harm_.cols());
  for (size_t i = 0; i < harm_.size(); ++i) {
    const float h = harm_.data()[i];
    const float p = perc_.data()[i];
    mask_harmonic.data()[i] = softmask(h, p * mh, params_.power, split);
    mask_percussive.data()[i] = softmask(p, h * mp, params_.power, split);
  }
}

void Hpss::apply(const ComplexMatrix& D, const Matrix& S, const Matrix& mask, ComplexMatrix& out) const {
  out.resize(D.rows(), D.cols());
  for (size_t i = 0; i < D.size(); ++i) {
    const float s = S.data()[i];
    const std::complex<float> phase = unit_phase(D.data()[i], s);
    const float sm = s * mask.data()[i];
    // (S M) * phase with S M real: numpy's complex product reduces to these two.
    out.data()[i] = {sm * phase.real(), sm * phase.imag()};
  }
}

void Hpss::masks(const Matrix& S, Matrix& mask_harmonic, Matrix& mask_percussive) {
  check_non_negative(S);
  filter(S);
  soft_masks(mask_harmonic, mask_percussive);
}

void Hpss::separate(const Matrix& S, Matrix& harmonic, Matrix& percussive) {
  masks(S, harmonic, percussive);
  for (size_t i = 0; i < S.size(); ++i) {
    harmonic.data()[i] = S.data()[i] * harmonic.data()[i];
    percussive.data()[i] = S.data()[i] * percussive.data()[i];
  }
}

void Hpss::separate(const ComplexMatrix& D, ComplexMatrix& harmonic, ComplexMatrix& percussive) {
  magnitude(D);
  filter(mag_);
  soft_masks(mask_harmonic_, mask_percussive_);
  apply(D, mag_, mask_harmonic_, harmonic);
  apply(D, mag_, mask_percussive_, percussive);
}

void Hpss::harmonic(const ComplexMatrix& D, ComplexMatrix& harmonic) {
  magnitude(D);
  this->harmonic(D, mag_, harmonic);
}

namespace {

void check_same_shape(const ComplexMatrix& D, const Matrix& S) {
  if (S.rows() != D.rows() || S.cols() != D.cols()) {
    throw ParameterError("hpss: |D| has shape " + std::to_string(S.rows()) + " x " + std::to_string(S.cols()) +
                         " but D has " + std::to_string(D.rows()) + " x " + std::to_string(D.cols()));
  }
}

}  // namespace

void Hpss::harmonic(const ComplexMatrix& D, const Matrix& S, ComplexMatrix& harmonic) {
  check_same_shape(D, S);
  filter(S);
  harmonic_from_medians(D, S, harmonic);
}

void Hpss::harmonic_by_frame(const ComplexMatrix& D_by_frame, const Matrix& S_by_frame, ComplexMatrix& harmonic) {
  check_same_shape(D_by_frame, S_by_frame);
  filter(S_by_frame, true);
  harmonic_from_medians(D_by_frame, S_by_frame, harmonic);
}

void Hpss::harmonic_from_medians(const ComplexMatrix& D, const Matrix& S, ComplexMatrix& harmonic) {
  if (params_.power != 2.0f) {
    soft_masks(mask_harmonic_, mask_percussive_);
    apply(D, S, mask_harmonic_, harmonic);
    return;
  }
  const float mh = params_.margin_harmonic;
  const bool split = mh == 1.0f && params_.margin_percussive == 1.0f;
  harmonic.resize(D.rows(), D.cols());
  harmonic_power2(reinterpret_cast<const float*>(D.data()), S.data(), harm_.data(), perc_.data(), D.size(), mh,
                  split ? 0.5f : 0.0f, reinterpret_cast<float*>(harmonic.data()));
}

void HarmonicParams::validate() const {
  hpss.validate();
  stft.validate();
}

Harmonic::Harmonic(const HarmonicParams& params)
    : params_((params.validate(), params)), stft_(params.stft), istft_(params.stft), hpss_(params.hpss) {}

void Harmonic::compute(FloatSpan y, std::vector<float>& y_harm) {
  stft_.compute(y, spectrum_);
  compute_from_stft(spectrum_, y.size(), y_harm);
}

void Harmonic::compute_from_stft(const ComplexMatrix& D, size_t length, std::vector<float>& y_harm) {
  hpss_.harmonic(D, harmonic_);
  istft_.compute(harmonic_, length, y_harm);
}

void Harmonic::compute_from_stft(const ComplexMatrix& D, const Matrix& S, size_t length, std::vector<float>& y_harm) {
  hpss_.harmonic(D, S, harmonic_);
  istft_.compute(harmonic_, length, y_harm);
}

void Harmonic::compute_from_stft_by_frame(const ComplexMatrix& D_by_frame, const Matrix& S_by_frame, size_t length,
                                          std::vector<float>& y_harm) {
  hpss_.harmonic_by_frame(D_by_frame, S_by_frame, harmonic_);
  istft_.compute_by_frame(harmonic_, length, y_harm);
}

std::vector<float> harmonic(FloatSpan y, const HarmonicParams& params) {
  Harmonic h(params);
  std::vector<float> out;
  h.compute(y, out);
  return out;
}

}  // namespace ser::dsp
