// seremotion: the constant-Q filter bank of librosa 0.11 (librosa.filters.wavelet and
// librosa.core.constantq.__vqt_filter_fft for gamma = 0 and a Hann window).
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace ser::dsp {

// librosa.filters.window_bandwidth('hann'): the equivalent noise bandwidth of a Hann window, in bins.
constexpr double kHannBandwidth = 1.50018310546875;

// librosa.note_to_hz('C1') = 440 * 2^((24 - 69) / 12), librosa's default fmin for the CQT.
double note_c1_hz();

// librosa.interval_frequencies(n_bins, fmin, intervals='equal', bins_per_octave):
//   f[o bpo + b] = (2^o 2^(b / bpo)) fmin,  o = 0, 1, ...,  b = 0 .. bpo - 1 (first n_bins).
std::vector<double> cqt_frequencies(int n_bins, double fmin, int bins_per_octave);

// librosa.filters._relative_bandwidth(freqs): alpha_k = (2^(2/b_k) - 1) / (2^(2/b_k) + 1) with b_k the
// local bins per octave (centred log2 differences, one-sided at the ends). Needs >= 2 frequencies;
// for a single bin librosa uses equal_temperament_alpha(bins_per_octave).
std::vector<double> relative_bandwidth(const std::vector<double>& freqs);
// constantq.__et_relative_bw: (r^2 - 1) / (r^2 + 1), r = 2^(1 / bins_per_octave).
double equal_temperament_alpha(int bins_per_octave);

// librosa.filters.wavelet_lengths(freqs, sr, window='hann', filter_scale, gamma=0, alpha):
//   Q_k = filter_scale / alpha_k,  length_k = Q_k sr / f_k (samples, fractional),
//   cutoff = max_k f_k (1 + bandwidth_hann / (2 Q_k)) (Hz, the highest frequency the bank reaches).
struct WaveletLengths {
  std::vector<double> lengths;
  double cutoff = 0;
};
WaveletLengths wavelet_lengths(const std::vector<double>& freqs, const std::vector<double>& alpha, double sr,
                               double filter_scale);

// One octave of constant-Q filters in the frequency domain, a sparse (CSR) complex64 matrix of
// n_filters x (n_fft/2 + 1) with the columns of each row ascending (scipy's csr layout, which sets
// the order of the sums in the filter response).
struct SparseFilterBasis {
  int n_fft = 0;
  std::vector<size_t> row_start;  // n_filters + 1 offsets into column / value
  std::vector<int> column;
  std::vector<std::complex<float>> value;

  size_t n_filters() const { return row_start.empty() ? 0 : row_start.size() - 1; }
  int min_column() const;  // smallest column used (0 when empty)
  int max_column() const;  // largest column used (-1 when empty)
};

// The basis __vqt_filter_fft(sr, freqs, filter_scale, norm, sparsity, window='hann', gamma=0,
// dtype=complex64, alpha) returns, scaled by `gain` (vqt's sqrt(sr / my_sr) compensation):
//   h_k[n] = w_N[n] exp(2 pi i f_k t_n / sr) / ||.||_norm, t_n = floor(-L_k/2) + n, N = len(t),
//     w_N the periodic Hann window (scipy.signal.get_window('hann', N)), padded to the centre of
//     n_fft = 2^ceil(log2(max_k L_k)) (complex64),
//   H_k = fft(h_k (L_k / n_fft)) (complex128, bins 0 .. n_fft/2),
//   then librosa.util.sparsify_rows(H, quantile=sparsity): in each row, drop the smallest
//   magnitudes that together hold less than `sparsity` of the row's L1 norm; values to complex64.
// Each step rounds where numpy does (complex64 storage, complex128 arithmetic, numpy's pairwise
// sums), so the kept entries and their values are librosa's. `norm`: p > 0 or +inf.
SparseFilterBasis wavelet_filter_fft(const std::vector<double>& freqs, const std::vector<double>& alpha, double sr,
                                     double filter_scale, double norm, double sparsity, float gain);

}  // namespace ser::dsp
