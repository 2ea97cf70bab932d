#include "dsp/spectrogram_shape.h"

#include <string>

#include "common/error.h"

namespace ser::dsp {

void check_spectrogram_rows(const Matrix& S, int n_fft, const char* what) {
  if (n_fft <= 0) throw ParameterError(std::string(what) + ": n_fft must be > 0 (got " + std::to_string(n_fft) + ")");
  const size_t bins = static_cast<size_t>(n_fft / 2 + 1);
  if (S.rows() != bins) {
    throw ParameterError(std::string(what) + ": S has " + std::to_string(S.rows()) + " rows but n_fft=" +
                         std::to_string(n_fft) + " gives 1 + n_fft/2 = " + std::to_string(bins) +
                         " bins; pass the n_fft the spectrogram was made with");
  }
}

}  // namespace ser::dsp
