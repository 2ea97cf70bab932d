// seremotion: analysis windows.
#pragma once

#include <vector>

namespace ser::dsp {

// The periodic Hann window of length win_length, zero-padded on both sides to n_fft
// (librosa.util.pad_center(scipy.signal.get_window('hann', win_length, fftbins=True), size=n_fft)):
//   w[n] = 0.5 - 0.5 cos(2 pi n / win_length),  n = 0 .. win_length - 1,
// placed at offset (n_fft - win_length) / 2. Computed in double, returned in float.
// Requires 0 < win_length <= n_fft.
std::vector<float> hann_window(int win_length, int n_fft);

}  // namespace ser::dsp
