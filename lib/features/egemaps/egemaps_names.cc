#include "features/egemaps/egemaps_names.h"

namespace ser::features {

const std::vector<std::string>& egemaps_descriptor_names() {
  static const std::vector<std::string> names{
      "Loudness_sma3", "alphaRatio_sma3", "hammarbergIndex_sma3", "slope0-500_sma3", "slope500-1500_sma3",
      "spectralFlux_sma3", "mfcc1_sma3", "mfcc2_sma3", "mfcc3_sma3", "mfcc4_sma3",
      "F0semitoneFrom27.5Hz_sma3nz", "jitterLocal_sma3nz", "shimmerLocaldB_sma3nz", "HNRdBACF_sma3nz",
      "logRelF0-H1-H2_sma3nz", "logRelF0-H1-A3_sma3nz",
      "F1frequency_sma3nz", "F1bandwidth_sma3nz", "F1amplitudeLogRelF0_sma3nz",
      "F2frequency_sma3nz", "F2bandwidth_sma3nz", "F2amplitudeLogRelF0_sma3nz",
      "F3frequency_sma3nz", "F3bandwidth_sma3nz", "F3amplitudeLogRelF0_sma3nz"};
  return names;
}

const std::vector<std::string>& egemaps_functional_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    const char* moments[] = {"amean", "stddevNorm"};
    const char* contour[] = {"amean", "stddevNorm", "percentile20.0", "percentile50.0", "percentile80.0",
                             "pctlrange0-2", "meanRisingSlope", "stddevRisingSlope", "meanFallingSlope",
                             "stddevFallingSlope"};
    for (const char* f : contour) n.push_back(std::string("F0semitoneFrom27.5Hz_sma3nz_") + f);
    for (const char* f : contour) n.push_back(std::string("loudness_sma3_") + f);
    const char* pairs[] = {"spectralFlux_sma3", "mfcc1_sma3", "mfcc2_sma3", "mfcc3_sma3", "mfcc4_sma3",
                           "jitterLocal_sma3nz", "shimmerLocaldB_sma3nz", "HNRdBACF_sma3nz",
                           "logRelF0-H1-H2_sma3nz", "logRelF0-H1-A3_sma3nz",
                           "F1frequency_sma3nz", "F1bandwidth_sma3nz", "F1amplitudeLogRelF0_sma3nz",
                           "F2frequency_sma3nz", "F2bandwidth_sma3nz", "F2amplitudeLogRelF0_sma3nz",
                           "F3frequency_sma3nz", "F3bandwidth_sma3nz", "F3amplitudeLogRelF0_sma3nz",
                           "alphaRatioV_sma3nz", "hammarbergIndexV_sma3nz", "slopeV0-500_sma3nz",
                           "slopeV500-1500_sma3nz", "spectralFluxV_sma3nz", "mfcc1V_sma3nz", "mfcc2V_sma3nz",
                           "mfcc3V_sma3nz", "mfcc4V_sma3nz"};
    for (const char* p : pairs)
      for (const char* f : moments) n.push_back(std::string(p) + "_" + f);
    for (const char* p : {"alphaRatioUV_sma3nz", "hammarbergIndexUV_sma3nz", "slopeUV0-500_sma3nz",
                          "slopeUV500-1500_sma3nz", "spectralFluxUV_sma3nz"})
      n.push_back(std::string(p) + "_amean");
    for (const char* s : {"loudnessPeaksPerSec", "VoicedSegmentsPerSec", "MeanVoicedSegmentLengthSec",
                          "StddevVoicedSegmentLengthSec", "MeanUnvoicedSegmentLength",
                          "StddevUnvoicedSegmentLength", "equivalentSoundLevel_dBp"})
      n.push_back(s);
    return n;
  }();
  return names;
}

}  // namespace ser::features
