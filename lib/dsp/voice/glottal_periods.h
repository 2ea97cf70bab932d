// seremotion: the pitch periods of voiced speech, found in the waveform, for jitter and shimmer.
#pragma once

#include <cstddef>
#include <vector>

#include "common/span.h"

namespace ser::dsp::voice {

struct GlottalPeriodsParams {
  double search_range = 0.1;  // a period may differ from the local 1/F0 by this fraction (openSMILE's
                              // searchRangeRel), in (0, 0.5)
  double min_correlation = 0.5;  // normalised cross-correlation below which a period is rejected and
                                 // the chain of periods breaks (openSMILE's minCC), in [0, 1)
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

struct GlottalPeriod {
  size_t start = 0;        // first sample
  size_t length = 0;       // samples
  float amplitude = 0.0f;  // RMS of x over the period (see shimmer.h)
  bool follows = false;    // whether it directly follows an accepted period (same chain)
};

// Consecutive pitch periods of x[begin, end), guided by a period estimate in samples (the F0 of
// the frame the search is in, `period_at(sample)`): from `begin`, the period length L in
// [(1 - r) T0, (1 + r) T0] that maximises the normalised cross-correlation of x[p, p+L) with
// x[p+L, p+2L) is accepted when that correlation reaches min_correlation, and the search moves on
// by L; otherwise it moves on by T0 and the chain breaks. This is the waveform-matching period
// search of the jitter and shimmer literature (e.g. Boersma, "Should jitter be measured by peak
// picking or by waveform matching?", Folia Phoniatrica 61, 2009), with openSMILE's cPitchJitter
// search range and correlation threshold. Each sample is searched once, so a frame-wise measure
// over overlapping frames costs one pass over the voiced audio.
//
// Appends to `out` (cleared first). T0 values < 2 samples end the search.
template <typename PeriodAt>
void glottal_periods(FloatSpan x, size_t begin, size_t end, PeriodAt period_at, const GlottalPeriodsParams& params,
                     std::vector<GlottalPeriod>& out);

// The best length L in [lo, hi] for a period starting at p, and its normalised cross-correlation;
// requires p + 2 hi <= x.size().
double best_period_length(FloatSpan x, size_t p, size_t lo, size_t hi, size_t& length);

}  // namespace ser::dsp::voice

#include "dsp/voice/glottal_periods_impl.h"
