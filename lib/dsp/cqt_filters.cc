#include "dsp/cqt_filters.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/fft_f64.h"
#include "dsp/numpy_power.h"
#include "dsp/stft_f64.h"

namespace ser::dsp {
namespace {

// numpy's pairwise summation (the inner loop of np.sum over a contiguous axis): blocks of at
// most 128 summed with 8 accumulators, halves split on multiples of 8.
double pairwise_sum(const double* a, size_t n) {
  if (n < 8) {
    double res = 0.0;
    for (size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

// One wavelet of librosa.filters.wavelet, normalised, centred in n_fft values of complex128
// that hold complex64 values (the basis array is complex64).
void wavelet(double freq, double length, double sr, double norm, size_t n_fft, std::complex<double>* row) {
  const double first = std::floor(-length / 2);
  const size_t n = static_cast<size_t>(std::floor(length / 2) - first);
  const std::vector<double> window = periodic_hann_f64(n);
  std::vector<std::complex<double>> sig(n);
  std::vector<double> mag(n);
  for (size_t k = 0; k < n; ++k) {
    const double angle = (first + static_cast<double>(k)) * 2 * M_PI * freq / sr;
    sig[k] = {std::cos(angle) * window[k], std::sin(angle) * window[k]};
    mag[k] = std::abs(sig[k]);
  }
  // librosa.util.normalize(sig, norm): numpy divides by the real length as a complex number,
  // which is a multiplication by its reciprocal.
  double length_norm;
  if (std::isinf(norm)) {
    length_norm = *std::max_element(mag.begin(), mag.end());
  } else {
    for (double& m : mag) m = numpy_power(m, norm);
    length_norm = numpy_power(pairwise_sum(mag.data(), n), 1.0 / norm);
  }
  const double scale = length_norm < std::numeric_limits<double>::min() ? 1.0 : 1.0 / length_norm;
  const size_t pad = (n_fft - n) / 2;
  std::fill(row, row + n_fft, std::complex<double>(0.0, 0.0));
  for (size_t k = 0; k < n; ++k) {
    row[pad + k] = {static_cast<float>(sig[k].real() * scale), static_cast<float>(sig[k].imag() * scale)};
  }
}

// In-place forward complex FFTs of the rows of `rows` (n_rows x n), in double precision like
// numpy.fft.fft.
void fft_rows(std::vector<std::complex<double>>& rows, size_t n_rows, size_t n) {
  ComplexFftF64 fft(static_cast<int>(n));
  for (size_t r = 0; r < n_rows; ++r) {
    std::copy(rows.begin() + r * n, rows.begin() + (r + 1) * n, fft.data());
    fft.forward();
    std::copy(fft.data(), fft.data() + n, rows.begin() + r * n);
  }
}

// librosa.util.sparsify_rows for one row of H (n_bins values): appends the kept entries, cast to
// complex64 and scaled by gain, to `basis`.
void sparsify_row(const std::complex<double>* h, size_t n_bins, double quantile, float gain,
                  SparseFilterBasis& basis) {
  std::vector<double> mags(n_bins);
  for (size_t k = 0; k < n_bins; ++k) mags[k] = std::abs(h[k]);
  const double norm = pairwise_sum(mags.data(), n_bins);
  std::vector<double> sorted = mags;
  std::sort(sorted.begin(), sorted.end());
  // threshold_idx = argmin(cumsum(sorted / norm) < quantile): the first index not below it, or 0.
  size_t threshold_idx = 0;
  double cumulative = 0.0;
  for (size_t k = 0; k < n_bins; ++k) {
    cumulative += sorted[k] / norm;
    if (!(cumulative < quantile)) {
      threshold_idx = k;
      break;
    }
  }
  const double threshold = sorted[threshold_idx];
  for (size_t k = 0; k < n_bins; ++k) {
    if (mags[k] >= threshold) {
      // complex64 storage, then scipy's data *= float32(gain): (a g - b 0, a 0 + b g).
      const float re = static_cast<float>(h[k].real());
      const float im = static_cast<float>(h[k].imag());
      basis.column.push_back(static_cast<int>(k));
      basis.value.emplace_back(re * gain, im * gain);
    }
  }
  basis.row_start.push_back(basis.column.size());
}

}  // namespace

double note_c1_hz() { return 440.0 * std::pow(2.0, (24 - 69.0) / 12.0); }

std::vector<double> cqt_frequencies(int n_bins, double fmin, int bins_per_octave) {
  std::vector<double> ratios(static_cast<size_t>(bins_per_octave));
  for (int b = 0; b < bins_per_octave; ++b) ratios[b] = std::pow(2.0, static_cast<double>(b) / bins_per_octave);
  std::vector<double> freqs(static_cast<size_t>(n_bins));
  for (int k = 0; k < n_bins; ++k) {
    const int octave = k / bins_per_octave;
    freqs[k] = std::pow(2.0, static_cast<double>(octave)) * ratios[k % bins_per_octave] * fmin;
  }
  std::sort(freqs.begin(), freqs.end());  // already ascending; np.sort keeps it so
  return freqs;
}

std::vector<double> relative_bandwidth(const std::vector<double>& freqs) {
  const size_t n = freqs.size();
  if (n < 2) {
    throw ParameterError("relative_bandwidth needs 2 or more frequencies (got " + std::to_string(n) + ")");
  }
  std::vector<double> logf(n), bpo(n), alpha(n);
  for (size_t k = 0; k < n; ++k) logf[k] = std::log2(freqs[k]);
  bpo[0] = 1 / (logf[1] - logf[0]);
  bpo[n - 1] = 1 / (logf[n - 1] - logf[n - 2]);
  for (size_t k = 1; k + 1 < n; ++k) bpo[k] = 2 / (logf[k + 1] - logf[k - 1]);
  for (size_t k = 0; k < n; ++k) {
    alpha[k] = (std::pow(2.0, 2 / bpo[k]) - 1) / (std::pow(2.0, 2 / bpo[k]) + 1);
  }
  return alpha;
}

double equal_temperament_alpha(int bins_per_octave) {
  const double r = std::pow(2.0, 1.0 / bins_per_octave);
  return (r * r - 1) / (r * r + 1);
}

WaveletLengths wavelet_lengths(const std::vector<double>& freqs, const std::vector<double>& alpha, double sr,
                               double filter_scale) {
  WaveletLengths out;
  out.lengths.resize(freqs.size());
  out.cutoff = -std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < freqs.size(); ++k) {
    const double q = filter_scale / alpha[k];
    out.cutoff = std::max(out.cutoff, freqs[k] * (1 + 0.5 * kHannBandwidth / q) + 0.5 * 0.0);
    out.lengths[k] = q * sr / freqs[k];
  }
  return out;
}

int SparseFilterBasis::min_column() const {
  return column.empty() ? 0 : *std::min_element(column.begin(), column.end());
}

int SparseFilterBasis::max_column() const {
  return column.empty() ? -1 : *std::max_element(column.begin(), column.end());
}

SparseFilterBasis wavelet_filter_fft(const std::vector<double>& freqs, const std::vector<double>& alpha, double sr,
                                     double filter_scale, double norm, double sparsity, float gain) {
  const WaveletLengths lengths = wavelet_lengths(freqs, alpha, sr, filter_scale);
  const double longest = *std::max_element(lengths.lengths.begin(), lengths.lengths.end());
  const size_t n_fft = static_cast<size_t>(std::pow(2.0, std::ceil(std::log2(longest))));
  const size_t n_rows = freqs.size();

  std::vector<std::complex<double>> rows(n_rows * n_fft);
  for (size_t k = 0; k < n_rows; ++k) {
    std::complex<double>* row = rows.data() + k * n_fft;
    wavelet(freqs[k], lengths.lengths[k], sr, norm, n_fft, row);
    // basis *= lengths / n_fft: complex64 times float64, computed in complex128, stored complex64.
    const double s = lengths.lengths[k] / static_cast<double>(n_fft);
    for (size_t i = 0; i < n_fft; ++i) {
      row[i] = {static_cast<float>(row[i].real() * s), static_cast<float>(row[i].imag() * s)};
    }
  }
  fft_rows(rows, n_rows, n_fft);

  SparseFilterBasis basis;
  basis.n_fft = static_cast<int>(n_fft);
  basis.row_start.push_back(0);
  for (size_t k = 0; k < n_rows; ++k) sparsify_row(rows.data() + k * n_fft, n_fft / 2 + 1, sparsity, gain, basis);
  return basis;
}

}  // namespace ser::dsp
