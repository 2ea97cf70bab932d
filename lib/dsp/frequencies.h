// seremotion: the frequency axes librosa's spectral features are built on.
//
// These reproduce numpy's own arithmetic (np.linspace, np.fft.rfftfreq) operation for operation,
// so that a bin frequency compared against a band edge (spectral_contrast, piptrack's fmin/fmax)
// falls on the same side as in librosa.
#pragma once

#include <vector>

namespace ser::dsp {

// np.linspace(start, stop, num, endpoint): y[i] = i * step + start with step = (stop - start) / div,
// div = num - 1 (endpoint) or num; with endpoint the last value is exactly stop. num >= 0.
std::vector<double> linspace(double start, double stop, int num, bool endpoint = true);

// librosa.fft_frequencies(sr=sr, n_fft=n_fft) = np.fft.rfftfreq(n_fft, d=1/sr):
//   f[k] = k * (1 / (n_fft * (1 / sr))),  k = 0 .. n_fft/2   (Hz; 1 + n_fft/2 values).
// Throws ParameterError unless sr > 0 and n_fft > 0.
std::vector<double> fft_frequencies(double sr, int n_fft);

// librosa.hz_to_octs(hz, tuning, bins_per_octave): octaves above A0 (27.5 Hz at tuning 0),
//   log2(hz / (A440 / 16)),  A440 = 440 * 2^(tuning / bins_per_octave).
double hz_to_octs(double hz, double tuning = 0.0, int bins_per_octave = 12);

}  // namespace ser::dsp
