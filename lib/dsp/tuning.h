// seremotion: pitch tracking by parabolic interpolation and tuning estimation, as librosa 0.11
// computes them (librosa.piptrack, librosa.pitch_tuning, librosa.estimate_tuning).
//
// The tuning estimate is the argmax of a histogram, so one value moved across a bin edge can
// change it: the arithmetic here follows librosa's dtypes step for step (float32 where numpy
// works on the float32 spectrogram, float64 where numba or numpy promote), so that the same
// spectrogram gives the same tuning.
#pragma once

#include <optional>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"

namespace ser::dsp {

// Parameters of librosa.piptrack besides the spectrogram; the defaults are librosa's.
struct PiptrackParams {
  double fmin = 150.0;        // Hz, lowest bin frequency searched, >= 0; default 150
  double fmax = 4000.0;       // Hz, bins must lie below it (clipped to sr/2), > fmin; default 4000
  double threshold = 0.1;     // a peak must exceed threshold x its frame's maximum, >= 0; default 0.1
  std::optional<double> ref;  // a fixed magnitude peaks must exceed instead (threshold unused), >= 0;
                              // default nullopt: the per-frame maximum (librosa ref=None, np.max)
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// librosa.piptrack(S=S, sr=sr, fmin, fmax, threshold, ref) on a magnitude or power spectrogram S,
// (1 + n_fft/2) x frames (its absolute value is used). A bin k of frame t is a peak when
// fmin <= f_k < fmax and, with x = S where S > threshold * max_k S[:, t] and 0 elsewhere, x[k] is a
// local maximum along frequency (x[k] > x[k-1] and x[k] >= x[k+1]). At a peak the parabola
// through S[k-1], S[k], S[k+1] (Smith, "Spectral Audio Signal Processing", Quadratic
// Interpolation of Spectral Peaks) gives
//   shift = -b / a  with a = S[k+1] + S[k-1] - 2 S[k], b = (S[k+1] - S[k-1]) / 2  (0 if |b| >= |a|),
//   pitches[k, t] = (k + shift) sr / n_fft,   magnitudes[k, t] = S[k] + shift (S[k+1] - S[k-1]) / 4;
// both are 0 elsewhere. Outputs have S's shape. n_fft is 2 (rows - 1), as librosa infers it.
// Throws ParameterError when S does not have 1 + n_fft/2 rows.
void piptrack(const Matrix& S, double sr, int n_fft, Matrix& pitches, Matrix& magnitudes,
              const PiptrackParams& params = {});

// librosa.pitch_tuning(frequencies, resolution, bins_per_octave): the tuning offset, in fractions
// of a bin, of a set of frequencies (Hz; values <= 0 are ignored) relative to A440: the argmax of
// the histogram, with bins of width `resolution` over [-0.5, 0.5], of
//   r = (bins_per_octave * hz_to_octs(f)) mod 1, minus 1 where r >= 0.5;
// the result is that bin's left edge, in [-0.5, 0.5). 0 when no frequency is > 0 (librosa warns).
// resolution in (0, 1); bins_per_octave > 0. The float overload computes r in float32, as librosa
// does on the float32 pitches piptrack gives it; the double overload in float64.
double pitch_tuning(Span<const float> frequencies, double resolution = 0.01, int bins_per_octave = 12);
double pitch_tuning(Span<const double> frequencies, double resolution = 0.01, int bins_per_octave = 12);

// librosa.estimate_tuning(S=S, sr=sr, n_fft=n_fft, resolution, bins_per_octave): piptrack on S with
// its defaults, then pitch_tuning of the peaks whose magnitude is at least the median peak
// magnitude. S is used as given, magnitude or power (chroma_stft(S=|D|) passes |D|,
// chroma_stft(y=y) passes |D|^2; the estimates differ). Result in [-0.5, 0.5), a multiple of
// `resolution` up to float rounding (e.g. -0.08000000000000002, as librosa prints it).
// Throws ParameterError when S does not have 1 + n_fft/2 rows or a parameter is out of range.
double estimate_tuning(const Matrix& S, double sr, int n_fft, double resolution = 0.01, int bins_per_octave = 12);
// The same with piptrack's parameters given (librosa's **kwargs).
double estimate_tuning(const Matrix& S, double sr, int n_fft, double resolution, int bins_per_octave,
                       const PiptrackParams& piptrack);

// estimate_tuning with its work buffers kept between calls: once they have grown to the input,
// estimating allocates nothing. Not thread-safe: use one per thread.
class TuningEstimator {
 public:
  explicit TuningEstimator(const PiptrackParams& piptrack = {});

  // estimate_tuning(S, sr, n_fft, resolution, bins_per_octave, piptrack).
  double estimate(const Matrix& S, double sr, int n_fft, double resolution = 0.01, int bins_per_octave = 12);

 private:
  PiptrackParams piptrack_;
  std::vector<float> floor_;       // per-frame threshold
  std::vector<float> kept_;        // 3 rows of thresholded |S|: bins k-1, k, k+1
  std::vector<unsigned char> is_peak_;
  std::vector<size_t> peak_frames_;
  std::vector<size_t> bins_;       // the peaks: bin, interpolation shift, magnitude
  std::vector<float> shifts_;
  std::vector<float> magnitudes_;
  std::vector<float> scratch_;     // the pitches kept
  std::vector<size_t> counts_;
  std::vector<double> edges_;      // histogram edges for edges_resolution_
  double edges_resolution_ = 0;
};

}  // namespace ser::dsp
