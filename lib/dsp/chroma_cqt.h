// seremotion: chroma from the constant-Q transform, as librosa.feature.chroma_cqt computes it.
#pragma once

#include <limits>

#include "common/matrix.h"
#include "common/span.h"
#include "dsp/cqt.h"

namespace ser::dsp {

// W = librosa.filters.cq_to_chroma(n_input, bins_per_octave, n_chroma, fmin, window=None,
// base_c): the n_chroma x n_input 0/1 matrix that folds CQT bins onto pitch classes. Each group
// of bins_per_octave / n_chroma neighbouring bins, centred on a semitone, goes to its class; the
// classes are rotated so that class 0 is C (base_c) or A, given the pitch of fmin (Hz).
// ParameterError unless bins_per_octave is a multiple of n_chroma.
Matrix cq_to_chroma(int n_input, int bins_per_octave = 12, int n_chroma = 12, double fmin = 32.70319566257483,
                    bool base_c = true);

// Parameters of librosa.feature.chroma_cqt; the defaults are librosa's (cqt_mode 'full', window
// None). The CQT inside has n_octaves x bins_per_octave bins from fmin and librosa.cqt's other
// defaults.
struct ChromaCqtParams {
  double sr = 22050;                 // sample rate in Hz; > 0; default 22050
  int hop_length = 512;              // samples between frames; int > 0; default 512
  double fmin = 32.70319566257483;   // lowest CQT bin before tuning, Hz; > 0; default C1
  double norm = std::numeric_limits<double>::infinity();  // per-frame norm: +inf (max), p > 0, or 0 for
                                                          // none (librosa norm=None); default inf
  double threshold = 0.0;            // chroma values below it become 0; -inf disables; default 0
  int n_chroma = 12;                 // pitch classes; int > 0; default 12
  int n_octaves = 7;                 // octaves of CQT; int > 0; default 7
  int bins_per_octave = 36;          // CQT resolution; a multiple of n_chroma; default 36

  // Throws ParameterError naming the field and its range.
  void validate() const;
  // The librosa.cqt parameters chroma_cqt uses.
  CqtParams cqt() const;
};

// chroma = librosa.feature.chroma_cqt(y=y or C=C, sr, hop_length, fmin, norm, threshold, tuning,
// n_chroma, n_octaves, bins_per_octave):
//   C = |cqt(y, ..., n_bins = n_octaves bins_per_octave, tuning)|   (or given)
//   chroma = W C  (W = cq_to_chroma(C rows, bins_per_octave, n_chroma, fmin)),
//   chroma[chroma < threshold] = 0, then each frame divided by its norm (left alone when the
//   norm is below the smallest normal float), as librosa.util.normalize(axis=0).
// Output: n_chroma x frames.
//
// The tuning is an argument: librosa's default (tuning=None) estimates it as
//   estimate_tuning(y=y, sr, bins_per_octave) = estimate_tuning(S=|stft(y, 2048, 512)|, sr, n_fft=2048,
//   resolution=0.01, bins_per_octave),
// which lib/dsp/tuning.h provides; callers that want librosa's default compute it there and pass it.
// Not thread-safe (the CQT holds scratch space): use one object per thread.
class ChromaCqt {
 public:
  explicit ChromaCqt(const ChromaCqtParams& params = {});

  const ChromaCqtParams& params() const { return params_; }

  // chroma_cqt(y=y, tuning=tuning).
  void compute(FloatSpan y, double tuning, Matrix& chroma);
  // chroma_cqt(C=C): C is a CQT magnitude with n_octaves x bins_per_octave rows or any number of
  // rows (librosa folds whatever it gets).
  void from_cqt(const Matrix& C, Matrix& chroma) const;

 private:
  ChromaCqtParams params_;
  Cqt cqt_;
  Matrix map_;  // cq_to_chroma for n_octaves x bins_per_octave bins
  Matrix C_;
};

// One-shot forms.
Matrix chroma_cqt(FloatSpan y, double tuning, const ChromaCqtParams& params = {});
Matrix chroma_cqt_from_cqt(const Matrix& C, const ChromaCqtParams& params = {});

}  // namespace ser::dsp
