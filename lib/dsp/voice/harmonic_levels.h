// seremotion: levels of harmonics relative to each other (H1-H2, H1-A3, formant amplitudes).
#pragma once

#include "dsp/voice/formants.h"

namespace ser::dsp::voice {

// The magnitude of harmonic h of f0 in a magnitude spectrum |X(k)| (n_bins bins, bin_hz apart):
// the largest bin within 2 % of h f0 (at least the nearest bin). 0 past the last bin.
double harmonic_magnitude(const float* magnitude, int n_bins, double bin_hz, double f0, int h);

// The largest harmonic_magnitude among the harmonics of f0 within centre +- half_width Hz (the
// harmonic nearest the centre, at least the first, when none lies there).
double strongest_harmonic_near(const float* magnitude, int n_bins, double bin_hz, double f0, double centre,
                               double half_width);

struct HarmonicLevels {
  float h1_h2 = 0.0f;   // dB, eGeMAPS "logRelF0-H1-H2"
  float h1_a3 = 0.0f;   // dB, eGeMAPS "logRelF0-H1-A3"
  std::array<float, 3> formant_amplitude{};  // dB, eGeMAPS "F1..F3amplitudeLogRelF0"
};

// The value of an amplitude level of a frame without F0 (openSMILE's eGeMAPS output: -201 dB).
constexpr float kUnvoicedLevel = -201.0f;

// Harmonic levels of a voiced frame with fundamental f0 > 0 and formants F1-F3 (Eyben et al., IEEE
// TAC 2016; openSMILE's cHarmonics), from its magnitude spectrum (in eGeMAPS: the 60 ms pitch frame),
// with M(h) = harmonic_magnitude(..., h):
//   formant_amplitude[i] = 20 log10(M(round(F_i / f0)) / M(1))   (harmonic nearest F_i, over H1)
//   h1_a3 = 20 log10(M(2) / A3),  A3 = the strongest harmonic within F3 +- B3 / 2 (the paper's
//           "highest harmonic in the third formant range"; strongest_harmonic_near)
//   h1_h2 = 20 log10(M(2) / M(3))
// The paper defines H1-H2 and H1-A3 from the first harmonic; openSMILE's eGeMAPS output matches
// the second harmonic in its place (to 0.12 dB median on the golden files, where M(1)/M(2) is off
// by several dB), so these follow the output it is compared with (docs/features.md). A formant at
// 0 Hz (not found) takes harmonic 1 (0 dB). Magnitudes are floored at 1e-20.
void harmonic_levels(const float* magnitude, int n_bins, double bin_hz, double f0, const Formants& formants,
                     HarmonicLevels& out);

}  // namespace ser::dsp::voice
