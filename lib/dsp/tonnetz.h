// seremotion: tonal centroid features (tonnetz), as librosa.feature.tonnetz computes them.
#pragma once

#include <vector>

#include "common/matrix.h"
#include "common/span.h"
#include "dsp/chroma_cqt.h"
#include "dsp/hpss.h"

namespace ser::dsp {

// T = librosa.feature.tonnetz(chroma=chroma): each frame of chroma L1-normalised (left alone when
// its norm is below the smallest normal float), then projected onto the six axes of the tonal
// centroid of Harte, Sandler and Gasser (2006), "Detecting harmonic change in musical audio",
// AMCMM:
//   T[p, t] = sum_c phi[p, c] chroma[c, t] / ||chroma[:, t]||_1,  with l = 12 c / n_chroma and
//   phi = (r1 sin(l 7pi/6), r1 cos(l 7pi/6), r2 sin(l 3pi/2), r2 cos(l 3pi/2),
//          r3 sin(l 2pi/3), r3 cos(l 2pi/3)),  r1 = r2 = 1, r3 = 0.5
// (fifths, minor thirds, major thirds). Computed in float64 as librosa does; returned in float32.
// Output: 6 x frames.
void tonnetz(const Matrix& chroma, Matrix& out);
Matrix tonnetz(const Matrix& chroma);

// The tonnetz of the classic 193-vector recipe: librosa.feature.tonnetz(y=librosa.effects.harmonic(y), sr),
// whose chroma is chroma_cqt with its defaults at rate sr.
struct TonnetzCqtParams {
  HarmonicParams harmonic;  // librosa.effects.harmonic's defaults
  ChromaCqtParams chroma;   // librosa.feature.chroma_cqt's defaults; set chroma.sr to the rate of y

  void validate() const;
};

// T = tonnetz(chroma_cqt(harmonic(y), tuning)). The tuning is given (librosa estimates it from
// harmonic(y) with bins_per_octave 36 when it is None; see ChromaCqt). Every stage keeps its
// plans, filter banks and scratch space; not thread-safe: use one object per thread.
class TonnetzCqt {
 public:
  explicit TonnetzCqt(const TonnetzCqtParams& params);

  const TonnetzCqtParams& params() const { return params_; }

  void compute(FloatSpan y, double tuning, Matrix& out);
  // The stages, for callers that want them too: harmonic(y) and its chroma from the last compute().
  const std::vector<float>& last_harmonic() const { return harmonic_; }
  const Matrix& last_chroma() const { return chroma_; }

 private:
  TonnetzCqtParams params_;
  Harmonic separator_;
  ChromaCqt chroma_cqt_;
  std::vector<float> harmonic_;
  Matrix chroma_;
};

// One-shot form: tonnetz(chroma_cqt(harmonic(y), sr, tuning)) with librosa's defaults.
Matrix tonnetz_cqt(FloatSpan y, double sr, double tuning);

}  // namespace ser::dsp
