// seremotion: pitch candidates and voicing by subharmonic summation, as eGeMAPS v02 computes them.
#pragma once

#include <vector>

namespace ser::dsp::voice {

// Parameters of the subharmonic summation; the defaults are eGeMAPS v02's (openSMILE's cSpecScale
// and cPitchShs as its configuration sets them).
struct PitchShsParams {
  double sample_rate = 16000.0;  // Hz of the analysed audio, in [4000, 192000]
  int n_fft = 1024;              // FFT size of the magnitude spectra passed in, even, in [64, 65536]
  double scale_min_hz = 25.0;    // lowest frequency of the octave-scale spectrum, Hz, in (0, min_pitch]
  double min_pitch = 55.0;       // lowest F0 candidate, Hz, in [scale_min_hz, max_pitch)
  double max_pitch = 1000.0;     // highest F0 candidate, Hz, in (min_pitch, sample_rate / 2)
  int n_harmonics = 15;          // harmonics summed, in [1, 64]
  double compression = 0.85;     // weight of harmonic n is compression^(n-1), in (0, 1]
  int n_candidates = 6;          // candidates kept per frame, in [1, 16]
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

struct PitchCandidate {
  double f0 = 0.0;     // Hz
  double score = 0.0;  // the summed spectrum at the candidate (parabolic peak value)
};

struct ShsFrame {
  std::vector<PitchCandidate> candidates;  // best score first, at most n_candidates
  // 1 - mean(H) / max(H), H the summed spectrum, its maximum taken in [min_pitch, max_pitch]:
  // near 1 for one clear harmonic series, lower for noise; 0 when the frame is silent.
  double voicing = 0.0;
};

// Subharmonic summation (Hermes, "Measurement of pitch by subharmonic summation", JASA 83(1),
// 1988), in the form openSMILE's cSpecScale + cPitchShs compute it for eGeMAPS (Eyben et al., IEEE
// TAC 2016; openSMILE documentation of both components). On the magnitude spectrum |X(k)| of a
// frame (in eGeMAPS: 60 ms, Gaussian window sigma 0.4, FFT 1024 at 16 kHz):
//   1. peak enhancement: values more than 2 bins away from every local maximum are set to 0;
//   2. smoothing: a[k] <- a[k-1]/4 + a[k]/2 + a[k+1]/4;
//   3. octave scale: a natural cubic spline through the bins, sampled at n_fft/2 + 1 points evenly
//      spaced in log2(f) from scale_min_hz to sample_rate / 2;
//   4. auditory weighting: P(s) = a(2^s) (1/2 + atan(3 (s - log2 65)) / pi)  (Hermes' arc tangent);
//   5. summation: H(s) = sum_{n=1..N} h^(n-1) P(s + log2 n), P linearly interpolated, 0 past the top;
//   6. candidates: the local maxima of H in [min_pitch, max_pitch], highest first, each refined by
//      a parabola through its three points; voicing = 1 - mean(H) / max(H).
// Single precision throughout (a spectrum's magnitudes need no more). The spline's factors, the
// sample positions and the weights are computed once, in the constructor; compute() allocates nothing once `out` has held n_candidates candidates.
// Not thread-safe (work buffers): use one per thread.
class PitchShs {
 public:
  explicit PitchShs(const PitchShsParams& params = {});

  const PitchShsParams& params() const { return params_; }
  int n_bins() const { return n_bins_; }

  // `magnitude` holds n_fft/2 + 1 values.
  void compute(const float* magnitude, ShsFrame& out);

 private:
  void octave_spectrum(const float* magnitude);
  void summation();
  void pick_candidates(ShsFrame& out);

  PitchShsParams params_;
  int n_bins_ = 0;
  double step_ = 0.0;            // octaves between points of the octave scale
  int lo_ = 0, hi_ = 0;          // points of the octave scale within [min_pitch, max_pitch]
  std::vector<float> thomas_c_, thomas_inv_;  // forward-elimination factors of the spline system
  std::vector<float> fir_, back_fir_;          // their limits as FIR filters (octave_spectrum)
  std::vector<int> knot_;        // per octave point: spline interval
  std::vector<float> c1_, c2_, c3_, c4_;  // per octave point: spline basis weights, auditory
                                          // weighting folded in
  std::vector<int> shift_;       // per harmonic: whole points of log2(n) / step
  std::vector<float> frac_, gain_;  // per harmonic: fractional part, h^(n-1)
  std::vector<float> kept_, enhanced_, second_, octave_, summed_;
  std::vector<unsigned char> keep_;  // peak marks: of the spectrum, then of the summed spectrum
};

}  // namespace ser::dsp::voice
