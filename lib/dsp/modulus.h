// seremotion: |D| and |D|^2 of complex64 spectrograms, rounded as numpy rounds them.
#pragma once

#include <complex>
#include <cstddef>

namespace ser::dsp {

// magnitude[i] = |d[i]| as np.abs gives it for complex64: glibc's hypotf, which is exactly the
// modulus computed in double (the squares are exact there) and rounded once to float.
void modulus(const std::complex<float>* d, size_t n, float* magnitude);

// The same and power[i] = magnitude[i]^2 in float: np.abs(D)**2, librosa's power spectrogram.
void modulus_and_square(const std::complex<float>* d, size_t n, float* magnitude, float* power);

// power[i] = re^2 + im^2 in float, straight from d (no rounded modulus in between): within a
// float rounding of np.abs(D)**2, and what the feature extractor's spectrograms have used where
// no feature reads |D| (mfcc40, logmel*).
void squared_modulus(const std::complex<float>* d, size_t n, float* power);

// The same three of complex128 values rounded to complex64 first (as numpy stores librosa.stft's
// float64 FFTs), without storing the rounded values.
void modulus(const std::complex<double>* d, size_t n, float* magnitude);
void modulus_and_square(const std::complex<double>* d, size_t n, float* magnitude, float* power);
void squared_modulus(const std::complex<double>* d, size_t n, float* power);

}  // namespace ser::dsp
