// seremotion: the 3-frame moving averages eGeMAPS smooths its descriptors with.
#pragma once

#include <cstddef>

namespace ser::dsp::voice {

// openSMILE's cContourSmoother with smaWin=3 ("_sma3"), as eGeMAPS v02 applies it to every
// low-level descriptor (Eyben et al., IEEE TAC 2016, sec. 3.1):
//   y[t] = (x[t-1] + x[t] + x[t+1]) / 3,
// where the missing neighbour of the first and the last frame is that frame itself. y may not
// alias x. n >= 0.
void smooth3(const float* x, size_t n, float* y);

// The same over the non-zero values only ("_sma3nz", noZeroSma=1): for x[t] != 0,
//   y[t] = mean of the non-zero values among x[t-1], x[t], x[t+1] (neighbours past either end
//          are absent),
// and y[t] = 0 where x[t] = 0, so that unvoiced frames (0) neither move nor are moved. y may not
// alias x.
void smooth3_nonzero(const float* x, size_t n, float* y);

}  // namespace ser::dsp::voice
