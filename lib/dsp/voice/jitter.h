// seremotion: local jitter, the cycle-to-cycle variation of the pitch period.
#pragma once

#include "common/span.h"
#include "dsp/voice/glottal_periods.h"

namespace ser::dsp::voice {

// Local jitter of the periods T_i of a frame (eGeMAPS "jitterLocal"; openSMILE's cPitchJitter
// documentation; Eyben et al., IEEE TAC 2016):
//   jitter = mean_i |T_i - T_{i-1}| / mean_i T_i,
// the differences over consecutive periods of one chain (GlottalPeriod::follows), the mean period
// over all periods given. A fraction (0.01 = 1 %). 0 when there is no consecutive pair.
double jitter_local(Span<const GlottalPeriod> periods);

}  // namespace ser::dsp::voice
