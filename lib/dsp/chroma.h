// seremotion: the STFT chroma filter bank and chroma_stft, as librosa 0.11 computes them.
// (chroma_cqt lives in chroma_cqt.h.)
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "common/matrix.h"
#include "dsp/tuning.h"

namespace ser::dsp {

// Parameters of librosa.filters.chroma; the defaults are librosa's.
struct ChromaFilterParams {
  double sr = 22050.0;         // sample rate, Hz, > 0; no librosa default (required); 22050 here
  int n_fft = 2048;            // FFT size, >= 2; no librosa default (required); 2048 here
  int n_chroma = 12;           // bins per octave, > 0; default 12
  double tuning = 0.0;         // offset from A440 in fractions of a chroma bin, finite; default 0
  double ctroct = 5.0;         // centre of the octave weighting, octaves above A0 (27.5 Hz); default 5
  std::optional<double> octwidth = 2.0;  // Gaussian half-width of that weighting in octaves, > 0;
                                         // default 2; nullopt: flat weighting (librosa None)
  std::optional<double> norm = 2.0;      // normalisation of each bin's column: inf, -inf, 0 or p > 0;
                                         // default 2; nullopt: none
  bool base_c = true;          // row 0 is C (else A); default true
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// The chroma filter bank W (librosa.filters.chroma(sr, n_fft, n_chroma, tuning, ctroct, octwidth,
// norm, base_c)), n_chroma x (1 + n_fft/2), after Ellis's chromagram_E (2007): with
// q_k = n_chroma log2(f_k / (A440 / 16)) the position of FFT bin k (f_k = k sr / n_fft, A440 =
// 440 * 2^(tuning / n_chroma); bin 0 is put 1.5 octaves below bin 1) and w_k = max(q_{k+1} - q_k, 1)
// its width in chroma bins,
//   W[c, k] = exp(-(2 d / w_k)^2 / 2),  d = (q_k - c) wrapped to [-n_chroma/2, n_chroma/2),
// each column normalised (norm), times exp(-((q_k / n_chroma - ctroct) / octwidth)^2 / 2), rows
// rolled so that row 0 is C when base_c. Computed in double, stored in float (librosa's dtype).
class ChromaFilterBank {
 public:
  explicit ChromaFilterBank(const ChromaFilterParams& params = {});

  const ChromaFilterParams& params() const { return params_; }
  int n_chroma() const { return params_.n_chroma; }
  int n_bins() const { return params_.n_fft / 2 + 1; }

  // W as librosa.filters.chroma returns it.
  Matrix to_dense() const;

  // Raw chroma W . S for a spectrogram S of (1 + n_fft/2) x frames; out is n_chroma x frames.
  // Allocates only when out must grow. Throws ParameterError when S has the wrong number of rows.
  void apply(const Matrix& S, Matrix& out) const;

 private:
  ChromaFilterParams params_;
  std::vector<float> weights_;  // bin-major: weights_[k * n_chroma + c] = W[c, k]
};

// Parameters of librosa.feature.chroma_stft on a spectrogram; the defaults are librosa's.
struct ChromaStftParams {
  double sr = 22050.0;           // sample rate, Hz, > 0; default 22050 (the project runs at 16000)
  int n_fft = 2048;              // FFT size S was made with, >= 2; S has 1 + n_fft/2 rows; default 2048
  std::optional<double> tuning;  // in fractions of a chroma bin, finite; default nullopt: estimated
                                 // from S on each call, estimate_tuning(S, sr, n_fft, 0.01, n_chroma)
  int n_chroma = 12;             // chroma bins per octave, > 0; default 12
  std::optional<double> norm = std::numeric_limits<double>::infinity();
                                 // per-frame normalisation: inf (max = 1), -inf, 0 or p > 0;
                                 // default inf; nullopt: none
  double ctroct = 5.0;           // filter bank octave-weighting centre (ChromaFilterParams); default 5
  std::optional<double> octwidth = 2.0;  // its half-width (ChromaFilterParams); default 2
  bool base_c = true;            // row 0 is C; default true
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// librosa.feature.chroma_stft(S=S, sr, norm, n_fft, tuning, n_chroma, ctroct, octwidth, base_c):
//   tuning = the given one, else estimate_tuning(S, sr, n_fft, 0.01, n_chroma) (tuning.h; S as
//            given: |D| and |D|^2 give different estimates, as in librosa);
//   chroma[:, t] = normalize(W(tuning) . S[:, t], norm)  (librosa.util.normalize: an all-zero
//            frame stays 0).
// S: magnitude or power spectrogram, (1 + n_fft/2) x frames (librosa.feature.chroma_stft(y=y) uses
// the power |D|^2). Output n_chroma x frames.
//
// Filter banks are cached per tuning: a tuning within 1e-9 of a multiple of 0.01 (every estimate
// is one) uses the bank built for exactly that multiple, so a clip's result does not depend on the
// clips computed before it; any other tuning gets a bank built for it (the last one is kept).
// Work buffers are members: once grown, computing allocates nothing. Not thread-safe: use one
// per thread.
class ChromaStft {
 public:
  explicit ChromaStft(const ChromaStftParams& params = {});

  const ChromaStftParams& params() const { return params_; }

  // Computes the chroma of S into out and returns the tuning used.
  double compute(const Matrix& S, Matrix& out);

  // The (cached) filter bank used for `tuning`.
  const ChromaFilterBank& filter_bank(double tuning);

 private:
  ChromaStftParams params_;
  std::map<long long, ChromaFilterBank> banks_;  // by tuning in hundredths
  std::optional<ChromaFilterBank> other_bank_;   // the last tuning off the 0.01 grid
  TuningEstimator tuning_;
  std::vector<double> lengths_;
};

// librosa.filters.chroma(...) as a dense n_chroma x (1 + n_fft/2) matrix.
Matrix chroma_filter_bank(const ChromaFilterParams& params = {});

// chroma_stft of S with a one-off ChromaStft (keep a ChromaStft to reuse its filter banks).
Matrix chroma_stft(const Matrix& S, const ChromaStftParams& params = {});

}  // namespace ser::dsp
