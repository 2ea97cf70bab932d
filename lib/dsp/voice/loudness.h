// seremotion: loudness from an auditory spectrum, as eGeMAPS computes it.
#pragma once

#include <cstddef>
#include <vector>

#include "dsp/voice/band_filters.h"

namespace ser::dsp::voice {

// Parameters of the loudness; the defaults are eGeMAPS'.
struct LoudnessParams {
  int n_bands = 26;          // Bark bands, in [1, 128]
  double lo_hz = 20.0;       // lowest band edge, Hz, >= 0
  double hi_hz = 8000.0;     // highest band edge, Hz, > lo_hz (cut at the Nyquist frequency)
  double compression = 0.33; // intensity-loudness power law exponent, in (0, 1]
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// Loudness (eGeMAPS "Loudness"; Eyben et al., IEEE TAC 2016: "estimate of perceived signal
// intensity from an auditory spectrum"), as openSMILE's cMelspec + cPlp + sum compute it: the power
// spectrum |X(k)|^2 of a frame (in eGeMAPS: 20 ms, Hamming) through 26 triangular Bark bands from
// 20 Hz to 8 kHz (band_filters.h), each weighted by the equal-loudness curve of PLP at its centre
// frequency and compressed by the intensity-loudness power law (Hermansky, "Perceptual linear
// predictive (PLP) analysis of speech", JASA 87(4), 1990):
//   E(w) = (w^2 + 56.8e6) w^4 / ((w^2 + 6.3e6)^2 (w^2 + 0.38e9)),  w = 2 pi f,
//   loudness = kScale sum_b (E(f_b) B_b)^0.33.
// Loudness has no physical unit; kScale puts it on openSMILE's scale (fitted to its output on the
// golden files; docs/features.md). Not thread-safe (work buffer): use one per thread.
class Loudness {
 public:
  static constexpr double kScale = 0.0634;

  Loudness(double sample_rate, int n_fft, const LoudnessParams& params = {});
  // `power` holds n_fft/2 + 1 values.
  double compute(const float* power);

 private:
  LoudnessParams params_;
  BandFilters bands_;
  std::vector<double> equal_loudness_, band_power_;
};

}  // namespace ser::dsp::voice
