#include "dsp/hpss.h"

#include <algorithm>
#include <cmath>
#include <complex>
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

// hpss(D)[0] element-wise for power 2, the default and the hot case, written without branches so
// that it vectorises; the same operations as softmask() and unit_phase(). d and out are
// interleaved complex values.
SER_TARGET_CLONES void harmonic_power2(const float* d, const float* mag, const float* harm, const float* perc,
                                       size_t n, float margin, float split_value, float* out) {
  for (size_t i = 0; i < n; ++i) {
    const float h = harm[i];
    const float p = perc[i] * margin;
    const float z = h >= p ? h : p;
    const bool tiny = z < std::numeric_limits<float>::min();
    const float zz = tiny ? 1.0f : z;
    const float a = h / zz;
    const float b = p / zz;
    const float m = a * a;
    const float r = b * b;
    const float mask = tiny ? split_value : m / (m + r);
    const float s = mag[i];
    const float zero = s == 0.0f ? 1.0f : 0.0f;
    const float sh = s * mask;
    out[2 * i] = sh * (d[2 * i] / (s + zero) + zero);
    out[2 * i + 1] = sh * (d[2 * i + 1] / (s + zero));
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
      along_frequency_({params.kernel_percussive, 0}) {}

void Hpss::filter(const Matrix& S) {
  along_time_.apply(S, harm_);
  along_frequency_.apply(S, perc_);
}

void Hpss::magnitude(const ComplexMatrix& D) {
  mag_.resize(D.rows(), D.cols());
  modulus(D.data(), D.size(), mag_.data());
  filter(mag_);
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

void Hpss::apply(const ComplexMatrix& D, const Matrix& mask, ComplexMatrix& out) const {
  out.resize(D.rows(), D.cols());
  for (size_t i = 0; i < D.size(); ++i) {
    const float s = mag_.data()[i];
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
  soft_masks(mask_harmonic_, mask_percussive_);
  apply(D, mask_harmonic_, harmonic);
  apply(D, mask_percussive_, percussive);
}

void Hpss::harmonic(const ComplexMatrix& D, ComplexMatrix& harmonic) {
  magnitude(D);
  if (params_.power != 2.0f) {
    soft_masks(mask_harmonic_, mask_percussive_);
    apply(D, mask_harmonic_, harmonic);
    return;
  }
  const float mh = params_.margin_harmonic;
  const bool split = mh == 1.0f && params_.margin_percussive == 1.0f;
  harmonic.resize(D.rows(), D.cols());
  harmonic_power2(reinterpret_cast<const float*>(D.data()), mag_.data(), harm_.data(), perc_.data(), D.size(), mh,
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

std::vector<float> harmonic(FloatSpan y, const HarmonicParams& params) {
  Harmonic h(params);
  std::vector<float> out;
  h.compute(y, out);
  return out;
}

}  // namespace ser::dsp
