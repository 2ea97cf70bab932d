#include "dsp/modulus.h"

#include <cmath>

#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// Written on interleaved floats so that the compiler vectorises them (simd.h).
inline float modulus(float re, float im) {
  return static_cast<float>(std::sqrt(static_cast<double>(re) * re + static_cast<double>(im) * im));
}

}  // namespace

SER_TARGET_CLONES void modulus(const std::complex<float>* d, size_t n, float* magnitude) {
  const float* z = reinterpret_cast<const float*>(d);
  for (size_t i = 0; i < n; ++i) magnitude[i] = modulus(z[2 * i], z[2 * i + 1]);
}

SER_TARGET_CLONES void modulus_and_square(const std::complex<float>* d, size_t n, float* magnitude, float* power) {
  const float* z = reinterpret_cast<const float*>(d);
  for (size_t i = 0; i < n; ++i) {
    const float m = modulus(z[2 * i], z[2 * i + 1]);
    magnitude[i] = m;
    power[i] = m * m;
  }
}

SER_TARGET_CLONES void squared_modulus(const std::complex<float>* d, size_t n, float* power) {
  const float* z = reinterpret_cast<const float*>(d);
  for (size_t i = 0; i < n; ++i) power[i] = z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1];
}

}  // namespace ser::dsp
