// seremotion: the names of the eGeMAPS v02 descriptors and functionals, in openSMILE's order.
#pragma once

#include <string>
#include <vector>

namespace ser::features {

// The 25 low-level descriptors (openSMILE's lld.csv columns for eGeMAPSv02, "_sma3" smoothed,
// "_sma3nz" smoothed over voiced frames only): Loudness_sma3, alphaRatio_sma3, ...,
// F3amplitudeLogRelF0_sma3nz.
const std::vector<std::string>& egemaps_descriptor_names();

// The 88 functionals (openSMILE's eGeMAPSv02 functionals.csv columns):
// F0semitoneFrom27.5Hz_sma3nz_amean, ..., equivalentSoundLevel_dBp.
const std::vector<std::string>& egemaps_functional_names();

// Row of each descriptor in egemaps_descriptor_names().
enum EgemapsDescriptor : int {
  kLoudness, kAlphaRatio, kHammarberg, kSlope0_500, kSlope500_1500, kSpectralFlux,
  kMfcc1, kMfcc2, kMfcc3, kMfcc4,
  kF0Semitone, kJitter, kShimmer, kHnr, kH1H2, kH1A3,
  kF1Frequency, kF1Bandwidth, kF1Amplitude,
  kF2Frequency, kF2Bandwidth, kF2Amplitude,
  kF3Frequency, kF3Bandwidth, kF3Amplitude,
  kEgemapsDescriptors
};

}  // namespace ser::features
