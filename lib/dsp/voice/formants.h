// seremotion: formant frequencies and bandwidths by linear prediction.
#pragma once

#include <array>
#include <complex>
#include <vector>

#include "common/span.h"
#include "dsp/fft.h"

namespace ser::dsp::voice {

// Parameters of the formant tracker; the defaults are eGeMAPS v02's LPC set-up (openSMILE's
// cSpecResample, cLpc and cFormantLpc as its configuration sets them) plus a pre-emphasis.
struct FormantParams {
  double sample_rate = 16000.0;  // Hz of the audio, in [11025, 192000]
  double pre_emphasis = 0.97;    // y[n] = x[n] - k x[n-1] before the window, in [0, 1)
  double lpc_rate = 11000.0;     // the frame is resampled to this rate, Hz, in [2 max_hz, sample_rate]
  int order = 11;                // LPC order, in [2, 40]
  double min_hz = 50.0;          // formants outside (min_hz, max_hz) are dropped
  double max_hz = 5500.0;        // in (min_hz, lpc_rate / 2]
  double max_bandwidth_hz = 1000.0;  // broader resonances are not formants, > 0 (inf: keep all)
  // Which polynomial is rooted: 1 + s sum a_i z^-i, where A(z) = 1 + sum a_i z^-i is the
  // prediction-error filter. s = 1 gives A itself (the textbook resonances); openSMILE 3.0's eGeMAPS
  // formants are reproduced by neither A's roots nor any textbook set-up; the nearest we found is
  // s = -0.3, an empirical scale chosen on half the golden files (docs/features.md). Rooting
  // 1 + s (A - 1) is finding where A(z) = 1 - 1/s. In [-1, 1], not 0.
  double coefficient_scale = 1.0;
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// Whether s can be a FormantParams::coefficient_scale: in [-1, 1] and not 0 (NaN is not).
bool valid_coefficient_scale(double s);

struct Formants {
  std::array<float, 3> frequency{};  // F1..F3, Hz; 0 where fewer formants were found
  std::array<float, 3> bandwidth{};  // Hz
};

// Formants of one frame (Markel & Gray, Linear Prediction of Speech, 1976; eGeMAPS F1-F3 frequency
// and bandwidth, Eyben et al., IEEE TAC 2016): the frame, pre-emphasised, Hamming-windowed and
// zero-padded to a power of two, is resampled to lpc_rate by keeping its spectrum below
// lpc_rate / 2 (cSpecResample's spectral resampling); the autocorrelation r(0..order) of the
// resampled frame (from its power spectrum) gives the prediction polynomial A(z) (Levinson-
// Durbin); each root z = |z| e^(i theta) of A (or of 1 + s (A - 1), with coefficient_scale s) with
// theta > 0 is a resonance of
//   F = theta lpc_rate / (2 pi),  B = |ln|z|| lpc_rate / pi
// (a root outside the unit circle counts as its reflection 1 / z*, as Praat's LPC: To Formant does),
// and the three lowest with min_hz < F < max_hz and B <= max_bandwidth_hz are F1-F3 (a broad pole
// models the spectral tilt, not a resonance; Markel & Gray, ch. 7). openSMILE's eGeMAPS output differs
// from these (docs/features.md says how and why).
// Plans and tables are made once. Not thread-safe: use one per thread.
class FormantTracker {
 public:
  FormantTracker(int frame_length, const FormantParams& params = {});
  const FormantParams& params() const { return params_; }
  int frame_length() const { return frame_length_; }

  // The formants of audio[start, start + frame_length) (the sample before `start`, when there is
  // one, feeds the pre-emphasis); requires start + frame_length <= audio.size().
  void compute(FloatSpan audio, size_t start, Formants& out);

  // The same from the frame's power spectrum |X(k)|^2, k < kept_bins(), where X is the FFT of
  // size fft_size() of the frame Hamming-windowed (hamming_window(frame_length)) and zero-padded:
  // a caller that has that spectrum already saves the FFT. Only for pre_emphasis = 0 (the frame
  // is then exactly what compute() would transform).
  void compute_from_power(const float* power, Formants& out);
  int fft_size() const { return fft_.size(); }
  int kept_bins() const { return kept_bins_; }

 private:
  void from_power(Formants& out);  // the formants of power_


  FormantParams params_;
  int frame_length_;
  std::vector<float> window_;
  RealFft fft_;
  int kept_bins_ = 0;                 // bins below lpc_rate / 2
  std::vector<double> cos_table_;     // (order + 1) x kept_bins_: weight cos(2 pi k l / N')
  std::vector<double> power_;
  // The last frame's roots, where the next frame's search starts (roots move little in 10 ms);
  // none after a frame that found none.
  std::vector<std::complex<double>> previous_roots_;
};

}  // namespace ser::dsp::voice
