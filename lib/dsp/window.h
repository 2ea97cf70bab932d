// seremotion: analysis windows (librosa's Hann; openSMILE's Hamming and Gaussian for eGeMAPS).
#pragma once

#include <vector>

namespace ser::dsp {

// The periodic Hann window of length win_length, zero-padded on both sides to n_fft
// (librosa.util.pad_center(scipy.signal.get_window('hann', win_length, fftbins=True), size=n_fft)):
//   w[n] = 0.5 - 0.5 cos(2 pi n / win_length),  n = 0 .. win_length - 1,
// placed at offset (n_fft - win_length) / 2. Computed in double, returned in float.
// Requires 0 < win_length <= n_fft.
std::vector<float> hann_window(int win_length, int n_fft);

// The symmetric Hamming window of length n > 0 (openSMILE's cWindower winFunc=hamming):
//   w[i] = 0.54 - 0.46 cos(2 pi i / (n - 1)),  i = 0 .. n - 1  (n = 1: w = 1).
std::vector<float> hamming_window(int n);

// The Gaussian window of length n > 0 and width sigma > 0 (openSMILE's winFunc=gauss, sigma=0.4):
//   w[i] = exp(-0.5 ((i - (n - 1) / 2) / (sigma (n - 1) / 2))^2).
std::vector<float> gaussian_window(int n, double sigma = 0.4);

}  // namespace ser::dsp
