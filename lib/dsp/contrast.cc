#include "dsp/contrast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/band_extremes.h"
#include "dsp/db.h"
#include "dsp/frequencies.h"
#include "dsp/spectrogram_shape.h"

namespace ser::dsp {

void SpectralContrastParams::validate() const {
  if (!(sr > 0) || !std::isfinite(sr)) throw ParameterError("sr must be > 0 Hz (got " + std::to_string(sr) + ")");
  if (n_fft <= 0) throw ParameterError("n_fft must be > 0 (got " + std::to_string(n_fft) + ")");
  if (!(fmin > 0) || !std::isfinite(fmin)) throw ParameterError("fmin must be > 0 Hz (got " + std::to_string(fmin) + ")");
  if (n_bands < 1) throw ParameterError("n_bands must be a positive integer (got " + std::to_string(n_bands) + ")");
  if (!(quantile > 0 && quantile < 1)) {
    throw ParameterError("quantile must lie in the range (0, 1) (got " + std::to_string(quantile) + ")");
  }
  // Every band's lower edge, fmin 2^(n_bands - 1) the highest, must lie below the Nyquist frequency.
  const double top_lower_edge = fmin * std::pow(2.0, n_bands - 1);
  if (top_lower_edge >= 0.5 * sr) {
    throw ParameterError("Frequency band exceeds Nyquist: fmin * 2^(n_bands-1) = " + std::to_string(top_lower_edge) +
                         " Hz >= sr/2 = " + std::to_string(0.5 * sr) + " Hz; reduce either fmin or n_bands");
  }
}

SpectralContrast::SpectralContrast(const SpectralContrastParams& params) : params_((params.validate(), params)) {
  const std::vector<double> freq = fft_frequencies(params_.sr, params_.n_fft);
  const size_t bins = freq.size();
  for (int k = 0; k <= params_.n_bands; ++k) {
    const double lo = k == 0 ? 0.0 : params_.fmin * std::pow(2.0, k - 1);
    const double hi = params_.fmin * std::pow(2.0, k);
    // The bins with lo <= f <= hi (contiguous: f rises with the bin).
    size_t first = bins, last = 0;
    for (size_t i = 0; i < bins; ++i) {
      if (freq[i] >= lo && freq[i] <= hi) {
        first = std::min(first, i);
        last = i;
      }
    }
    const bool top = k == params_.n_bands;
    const size_t begin = k > 0 && first < bins ? first - 1 : first;
    const size_t end = top ? bins : last + 1;
    // librosa drops the top bin of every band but the last, yet counts it in n_k.
    const size_t used_end = top ? end : end - 1;
    if (first >= bins || used_end <= begin) {
      throw ParameterError("spectral_contrast: band " + std::to_string(k) + " (" + std::to_string(lo) + " to " +
                           std::to_string(hi) + " Hz) holds too few FFT bins at n_fft=" + std::to_string(params_.n_fft) +
                           "; raise n_fft or fmin");
    }
    const double n_k = static_cast<double>(end - begin);
    const size_t count = static_cast<size_t>(std::max(1.0, std::nearbyint(params_.quantile * n_k)));
    bands_.push_back(Band{begin, used_end, std::min(count, used_end - begin)});
  }
}

void SpectralContrast::compute(const Matrix& S, Matrix& out) {
  check_spectrogram_rows(S, params_.n_fft, "spectral_contrast");
  const size_t frames = S.cols();
  const size_t rows = bands_.size();
  peak_.resize(rows * frames);
  valley_.resize(rows * frames);
  for (size_t k = 0; k < rows; ++k) {
    const Band& b = bands_[k];
    extremes_.compute(S, b.begin, b.end, b.count, &valley_[k * frames], &peak_[k * frames]);
  }
  out.resize(rows, frames);
  if (!params_.linear) {
    power_to_db(Span<double>(peak_));
    power_to_db(Span<double>(valley_));
  }
  for (size_t i = 0; i < rows * frames; ++i) out.data()[i] = static_cast<float>(peak_[i] - valley_[i]);
}

Matrix spectral_contrast(const Matrix& S, const SpectralContrastParams& params) {
  Matrix out;
  SpectralContrast(params).compute(S, out);
  return out;
}

}  // namespace ser::dsp
