// seremotion: mel-frequency cepstral coefficients, as librosa 0.11 computes them.
#pragma once

#include <vector>

#include "common/matrix.h"

namespace ser::dsp {

// Parameters of librosa.feature.mfcc; the defaults are librosa's. Only librosa's default
// transform is offered: dct_type=2, norm='ortho'.
struct MfccParams {
  int n_mfcc = 20;       // coefficients kept, 0 < n_mfcc <= n_mels; librosa's default 20
                         // (this project's recipes ask for 40)
  double lifter = 0.0;   // cepstral liftering L, >= 0; 0 = none; default 0
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// MFCC from a log-power (dB) mel spectrogram S_db (n_mels x frames), i.e.
// librosa.feature.mfcc(S=S_db, n_mfcc, dct_type=2, norm='ortho', lifter): the DCT-II, orthonormal
// (scipy.fft.dct(S_db, type=2, norm='ortho', axis=-2)), of each frame, first n_mfcc rows:
//   C[k, t] = s_k sum_{m<N} S_db[m, t] cos(pi k (2m + 1) / (2N)),  s_0 = sqrt(1/N), s_k = sqrt(2/N),
// with N = n_mels, then, when L > 0, C[k, t] *= 1 + (L/2) sin(pi (k + 1) / L)  (Davis & Mermelstein
// 1980; liftering as in HTK). librosa.feature.mfcc(y=y) is this applied to
// power_to_db(melspectrogram(y)) with ref=1.0 and top_db=80 (db.h, mel.h).
// Output n_mfcc x frames.
//
// The basis (n_mfcc x N, liftering folded in; computed in double, stored in float) is made once
// in the constructor, for the kept rows only. Sums run along contiguous time rows, in float over
// 8 bands at a time and in double across them. Not thread-safe (work buffers): use one per thread.
class Mfcc {
 public:
  Mfcc(int n_mels, const MfccParams& params = {});

  int n_mels() const { return n_mels_; }
  const MfccParams& params() const { return params_; }
  // Row k holds the n_mels weights of coefficient k.
  const std::vector<float>& basis() const { return basis_; }

  // Throws ParameterError when S_db does not have n_mels rows. Allocates only when out must grow.
  void compute(const Matrix& S_db, Matrix& out);

 private:
  int n_mels_;
  MfccParams params_;
  std::vector<float> basis_;
};

// mfcc of S_db with a basis made for this call (keep an Mfcc to reuse it).
Matrix mfcc(const Matrix& S_db, const MfccParams& params = {});

}  // namespace ser::dsp
