// seremotion: MFCC 1-4 as eGeMAPS defines them (HTK's mel cepstrum).
#pragma once

#include <cstddef>
#include <vector>

#include "dsp/voice/band_filters.h"

namespace ser::dsp::voice {

// Parameters of the HTK cepstrum; the defaults are eGeMAPS'.
struct HtkCepstrumParams {
  int n_bands = 26;        // mel bands, in [2, 128]
  double lo_hz = 20.0;     // lowest band edge, Hz, >= 0
  double hi_hz = 8000.0;   // highest band edge, Hz, > lo_hz (cut at the Nyquist frequency)
  int first = 1;           // first coefficient kept, in [0, n_bands)
  int last = 4;            // last coefficient kept, in [first, n_bands)
  double lifter = 22.0;    // cepstral liftering L, >= 0 (0: none)
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// Mel-frequency cepstral coefficients first..last (eGeMAPS: 1-4) as openSMILE's cMelspec + cMfcc
// compute them for eGeMAPS (htkcompatible; Young et al., The HTK Book, sec. 5.4-5.6; Eyben et al.,
// IEEE TAC 2016), from the power spectrum |X(k)|^2 of a frame of samples in [-1, 1]:
//   B_m = sum_k w_m(k) |X(k)|^2 32768^2   (26 HTK mel bands, 20 Hz - 8 kHz; 16-bit sample scale)
//   c_i = (1 + (L/2) sin(pi i / L)) sqrt(2 / M) sum_m ln(max(B_m, 1)) cos(pi i (m + 1/2) / M),
// M = 26 bands, L = 22 (cepstral liftering). Unlike librosa's MFCC (mfcc.h) it takes the natural
// log of the band energies with HTK's floor of 1 and keeps the first coefficients after c0.
// Not thread-safe (work buffer): use one per thread.
class HtkCepstrum {
 public:
  HtkCepstrum(double sample_rate, int n_fft, const HtkCepstrumParams& params = {});
  int n_coefficients() const { return static_cast<int>(rows_); }

  // `power` holds n_fft/2 + 1 values; writes n_coefficients() values to out.
  void compute(const float* power, float* out);

 private:
  BandFilters bands_;
  size_t rows_ = 0;
  std::vector<double> basis_;  // rows_ x n_bands, liftering folded in
  std::vector<double> log_energy_;
};

}  // namespace ser::dsp::voice
