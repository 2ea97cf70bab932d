// seremotion: power spectrograms in decibels, as librosa 0.11 computes them.
#pragma once

#include "common/matrix.h"
#include "common/span.h"

namespace ser::dsp {

// Parameters of librosa.power_to_db; the defaults are librosa's.
struct PowerToDbParams {
  double ref = 1.0;       // the power that maps to 0 dB, > 0; default 1.0
  bool ref_max = false;   // use the maximum of S as the reference (librosa ref=np.max; `ref` is
                          // then unused); default false
  double amin = 1e-10;    // floor applied to S and to the reference before the log, > 0; default 1e-10
  double top_db = 80.0;   // clip to (max of the result) - top_db, dB; negative: no clipping
                          // (librosa top_db=None); default 80
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// librosa.power_to_db(S, ref=ref or np.max, amin=amin, top_db=top_db), in place:
//   S_db = 10 log10(max(amin, S)) - 10 log10(max(amin, ref)),
//   then, when top_db >= 0, S_db = max(S_db, max(S_db) - top_db).
// The clip is against the maximum of everything passed in (the whole clip or window, as in
// librosa), not per frame. Same shape as S; an empty S is left empty. Float data is computed in
// float (log10f), as numpy does on float32; double data in double.
void power_to_db(Matrix& S, const PowerToDbParams& params = {});
void power_to_db(Span<float> S, const PowerToDbParams& params = {});
void power_to_db(Span<double> S, const PowerToDbParams& params = {});

}  // namespace ser::dsp
