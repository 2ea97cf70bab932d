// seremotion: the shape check every function taking a precomputed spectrogram S makes.
#pragma once

#include "common/matrix.h"

namespace ser::dsp {

// Throws ParameterError, naming `what`, unless S has 1 + n_fft/2 rows (the bins of an FFT of size
// n_fft, as Stft makes them). Any number of frames, zero included, is accepted.
void check_spectrogram_rows(const Matrix& S, int n_fft, const char* what);

}  // namespace ser::dsp
