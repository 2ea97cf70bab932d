#include "dsp/modulus.h"

#include <cmath>

#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// Written on interleaved floats so that the compiler vectorises them (simd.h).
inline float modulus(float re, float im) {
  return static_cast<float>(std::sqrt(static_cast<double>(re) * re + static_cast<double>(im) * im));
}

// The three for complex values stored as interleaved T (float, or double rounded to float).
template <typename T>
inline void moduli(const T* z, size_t n, float* magnitude) {
  for (size_t i = 0; i < n; ++i) magnitude[i] = modulus(static_cast<float>(z[2 * i]), static_cast<float>(z[2 * i + 1]));
}

template <typename T>
inline void moduli_and_squares(const T* z, size_t n, float* magnitude, float* power) {
  for (size_t i = 0; i < n; ++i) {
    const float m = modulus(static_cast<float>(z[2 * i]), static_cast<float>(z[2 * i + 1]));
    magnitude[i] = m;
    power[i] = m * m;
  }
}

template <typename T>
inline void squared_moduli(const T* z, size_t n, float* power) {
  for (size_t i = 0; i < n; ++i) {
    const float re = static_cast<float>(z[2 * i]), im = static_cast<float>(z[2 * i + 1]);
    power[i] = re * re + im * im;
  }
}

}  // namespace

SER_TARGET_CLONES void modulus(const std::complex<float>* d, size_t n, float* magnitude) {
  moduli(reinterpret_cast<const float*>(d), n, magnitude);
}

SER_TARGET_CLONES void modulus_and_square(const std::complex<float>* d, size_t n, float* magnitude, float* power) {
  moduli_and_squares(reinterpret_cast<const float*>(d), n, magnitude, power);
}

SER_TARGET_CLONES void squared_modulus(const std::complex<float>* d, size_t n, float* power) {
  squared_moduli(reinterpret_cast<const float*>(d), n, power);
}

SER_TARGET_CLONES void modulus(const std::complex<double>* d, size_t n, float* magnitude) {
  moduli(reinterpret_cast<const double*>(d), n, magnitude);
}

SER_TARGET_CLONES void modulus_and_square(const std::complex<double>* d, size_t n, float* magnitude, float* power) {
  moduli_and_squares(reinterpret_cast<const double*>(d), n, magnitude, power);
}

SER_TARGET_CLONES void squared_modulus(const std::complex<double>* d, size_t n, float* power) {
  squared_moduli(reinterpret_cast<const double*>(d), n, power);
}

}  // namespace ser::dsp
