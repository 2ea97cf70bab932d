// seremotion: local shimmer in dB, the cycle-to-cycle variation of the period amplitude.
#pragma once

#include "common/span.h"
#include "dsp/voice/glottal_periods.h"

namespace ser::dsp::voice {

// Local shimmer of the periods of a frame in dB (eGeMAPS "shimmerLocaldB"; openSMILE's
// cPitchJitter documentation; Eyben et al., IEEE TAC 2016):
//   shimmer = mean_i |20 log10(A_i / A_{i-1})|,
// A_i the RMS of period i (GlottalPeriod::amplitude), over consecutive periods of one chain. 0 when
// there is no consecutive pair with both amplitudes above zero. The RMS rather than the peak |x|
// (Praat's choice): openSMILE's documentation does not say which amplitude cPitchJitter takes, and
// on the golden files the RMS brings our mean shimmer from 1.10 to 1.02 times openSMILE's (median
// over the files; docs/features.md).
double shimmer_local_db(Span<const GlottalPeriod> periods);

}  // namespace ser::dsp::voice
