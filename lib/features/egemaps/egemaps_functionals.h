// seremotion: the 88 functionals of eGeMAPS v02 over an analysed span.
#pragma once

#include "features/egemaps/egemaps.h"

namespace ser::features {

// The functionals of eGeMAPSv02 (Eyben et al., IEEE TAC 2016, sec. 3.2; openSMILE's
// eGeMAPSv02 functionals configuration), in egemaps_functional_names() order:
//  - F0 (semitones) and loudness: mean, coefficient of variation, 20th/50th/80th percentiles, their
//    range 20-80, and the mean and standard deviation of rising and falling slopes
//    (contour_statistics.h); F0 over voiced frames only.
//  - mean and coefficient of variation of spectral flux and MFCC 1-4 (all frames); of jitter,
//    shimmer, HNR, H1-H2, H1-A3, F1-F3 frequency and bandwidth (voiced frames with a value); of the
//    formant amplitudes (all frames, -201 dB where unvoiced, as openSMILE's output holds them); of
//    alpha ratio, Hammarberg index, slopes 0-500 and 500-1500 Hz, spectral flux and MFCC 1-4 over
//    voiced frames; the mean of the first five over unvoiced frames.
//  - loudness peaks per second; voiced segments per second, mean and standard deviation of
//    voiced and of unvoiced segment lengths in seconds; the equivalent sound level
//    10 log10(mean x^2) in dB (full scale 1.0; -200 dB for digital silence).
// Each descriptor is smoothed first as the descriptors are (3-frame averages; over the selected
// frames only for the voiced and unvoiced variants). Functionals over no frames are 0: silence
// and unvoiced-only audio give defined values, never NaN.
void egemaps_functionals(const EgemapsAnalysis& analysis, float* out);

}  // namespace ser::features
