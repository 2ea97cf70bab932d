// seremotion: the mel scale, the mel filter bank and the mel spectrogram, as librosa 0.11 computes them.
#pragma once

#include <optional>
#include <vector>

#include "common/matrix.h"

namespace ser::dsp {

// Hz to mels (librosa.hz_to_mel).
//   htk:    m = 2595 log10(1 + f / 700)                       (O'Shaughnessy 1987, HTK)
//   Slaney: m = 3 f / 200 below 1 kHz, then 15 + 27 ln(f / 1000) / ln(6.4)
//           (Slaney, Auditory Toolbox, 1998: linear to 1 kHz, logarithmic above)
double hz_to_mel(double hz, bool htk = false);
// The inverse (librosa.mel_to_hz).
double mel_to_hz(double mel, bool htk = false);

// librosa.mel_frequencies(n_mels, fmin=fmin, fmax=fmax, htk=htk): n_mels frequencies (Hz)
// evenly spaced on the mel scale from fmin to fmax inclusive. n_mels >= 0.
std::vector<double> mel_frequencies(int n_mels = 128, double fmin = 0.0, double fmax = 11025.0,
                                    bool htk = false);

// Normalisation of the mel filters: Slaney (each triangle scaled by 2 / its width in Hz, so
// every filter has unit area: constant energy per channel) or none (peak 1).
enum class MelNorm { None, Slaney };

// Parameters of librosa.filters.mel / librosa.feature.melspectrogram; the defaults are librosa's.
struct MelParams {
  double sr = 22050.0;         // sample rate, Hz, > 0; librosa's default 22050 (the project runs at 16000)
  int n_fft = 2048;            // FFT size the spectrogram was made with, > 0; default 2048
  int n_mels = 128;            // number of mel bands, > 0; default 128
  double fmin = 0.0;           // lowest band edge, Hz, 0 <= fmin < fmax; default 0
  std::optional<double> fmax;  // highest band edge, Hz, > fmin; default nullopt: sr / 2 (librosa's None)
  bool htk = false;            // HTK formula instead of Slaney's; default false
  MelNorm norm = MelNorm::Slaney;  // filter normalisation; default Slaney (librosa norm='slaney')

  double fmax_hz() const { return fmax ? *fmax : sr / 2; }
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// The mel filter bank M (librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin,
// fmax=fmax, htk=htk, norm=norm)), shape n_mels x (1 + n_fft/2): with edges e = mel_frequencies(
// n_mels + 2, fmin, fmax, htk) and bin frequencies f_k = fft_frequencies(sr, n_fft),
//   M[m, k] = max(0, min((f_k - e_m) / (e_{m+1} - e_m), (e_{m+2} - f_k) / (e_{m+2} - e_{m+1})))
// times 2 / (e_{m+2} - e_m) for the Slaney norm. Computed in double and rounded to float as
// librosa does (float32 triangles, then the norm).
//
// Each triangle covers a few bins, so the bank is stored sparse: per band its first bin and its
// run of weights (about 2 weights per bin in all instead of n_mels per bin). A band can be empty
// when n_mels is large for n_fft (librosa warns "Empty filters detected"); it then yields zeros.
class MelFilterBank {
 public:
  explicit MelFilterBank(const MelParams& params = {});

  const MelParams& params() const { return params_; }
  int n_mels() const { return params_.n_mels; }
  int n_bins() const { return params_.n_fft / 2 + 1; }

  // Band m's non-zero weights are those of bins first_bin(m) .. first_bin(m) + band_size(m) - 1.
  int first_bin(int m) const { return first_[static_cast<size_t>(m)]; }
  int band_size(int m) const { return size_[static_cast<size_t>(m)]; }
  const float* band_weights(int m) const { return weights_.data() + offset_[static_cast<size_t>(m)]; }

  // The dense matrix librosa.filters.mel returns (n_mels x (1 + n_fft/2)).
  Matrix to_dense() const;

  // melspectrogram: out = M . S for a power spectrogram S of (1 + n_fft/2) x frames; out is
  // n_mels x frames. Sparse, along contiguous time rows; allocates only when out must grow.
  // Throws ParameterError when S does not have 1 + n_fft/2 rows.
  void apply(const Matrix& S, Matrix& out) const;

 private:
  MelParams params_;
  std::vector<int> first_;
  std::vector<int> size_;
  std::vector<size_t> offset_;
  std::vector<float> weights_;
};

// librosa.feature.melspectrogram(S=S, sr=sr, n_fft=n_fft, n_mels=..., fmin, fmax, htk, norm):
// the mel spectrogram of a power spectrogram S ((1 + n_fft/2) x frames), shape n_mels x frames.
// Builds the filter bank on each call: keep a MelFilterBank to reuse it.
Matrix melspectrogram(const Matrix& S, const MelParams& params = {});

}  // namespace ser::dsp
