// seremotion: harmonic-percussive source separation, as librosa.decompose.hpss and
// librosa.effects.harmonic compute it.
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"
#include "dsp/median_filter.h"
#include "dsp/stft.h"
#include "dsp/stft_f64.h"

namespace ser::dsp {

// Parameters of librosa.decompose.hpss; the defaults are librosa's.
struct HpssParams {
  int kernel_harmonic = 31;       // median filter length along time, in frames; int >= 1; default 31
  int kernel_percussive = 31;     // median filter length along frequency, in bins; int >= 1; default 31
  float power = 2.0f;             // soft-mask exponent; > 0, or +infinity for hard (binary) masks; default 2
  float margin_harmonic = 1.0f;   // the harmonic part must exceed margin x the percussive one; >= 1; default 1
  float margin_percussive = 1.0f; // the same for the percussive part; >= 1; default 1

  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// Median-filtering HPSS (Fitzgerald 2010, "Harmonic/percussive separation using median filtering",
// DAFx; with the margins of Driedger, Mueller and Disch 2014, ISMIR):
//   H = median over time of S (kernel_harmonic frames),  P = median over frequency of S
//   (kernel_percussive bins), scipy.ndimage.median_filter with mode 'reflect';
//   M_H = softmask(H, margin_harmonic P, power),  M_P = softmask(P, margin_percussive H, power),
//   softmask(X, R, p) = (X/Z)^p / ((X/Z)^p + (R/Z)^p) with Z = max(X, R), and where Z is below the
//   smallest normal float: 1/2 when both margins are 1, else 0 (librosa.util.softmask,
//   split_zeros); for p = +infinity the hard mask X > R.
// On a complex STFT D = S exp(i phi): harmonic = (S M_H) exp(i phi), percussive = (S M_P) exp(i phi),
// with librosa.magphase's phase (1 where S = 0).
//
// Matches librosa.decompose.hpss(D or S, kernel_size=(kh, kp), power, mask, margin=(mh, mp)) in
// float32 operation for operation. Shapes: bins x frames in, bins x frames out. The median filters
// keep their scratch space, so separating spectrograms of one shape again allocates nothing.
// Not thread-safe: use one object per thread.
class Hpss {
 public:
  explicit Hpss(const HpssParams& params = {});

  const HpssParams& params() const { return params_; }

  // hpss(S, mask=True): the soft (or hard) masks of a non-negative magnitude spectrogram S.
  // ParameterError when S has a negative value.
  void masks(const Matrix& S, Matrix& mask_harmonic, Matrix& mask_percussive);
  // hpss(S): S M_H and S M_P for a non-negative magnitude spectrogram S.
  void separate(const Matrix& S, Matrix& harmonic, Matrix& percussive);
  // hpss(D): the harmonic and percussive complex spectrograms.
  void separate(const ComplexMatrix& D, ComplexMatrix& harmonic, ComplexMatrix& percussive);
  // hpss(D)[0] alone, what librosa.effects.harmonic uses.
  void harmonic(const ComplexMatrix& D, ComplexMatrix& harmonic);
  // The same with S = |D| given, as modulus() (modulus.h) computes it: saves computing it again.
  void harmonic(const ComplexMatrix& D, const Matrix& S, ComplexMatrix& harmonic);
  // The same on transposes (frames x bins: StftF64::Outputs' D_by_frame and magnitude_by_frame),
  // giving the transpose of hpss(D)[0], as IstftF64::compute_by_frame reads it.
  void harmonic_by_frame(const ComplexMatrix& D_by_frame, const Matrix& S_by_frame, ComplexMatrix& harmonic);

 private:
  // mag_ = |D|.
  void magnitude(const ComplexMatrix& D);
  // harm_ and perc_ = the two median filters of `S`, bins x frames or, `by_frame`, frames x bins.
  void filter(const Matrix& S, bool by_frame = false);
  // hpss(D)[0] from S = |D| and the medians in harm_ and perc_ (any layout, the same for all).
  void harmonic_from_medians(const ComplexMatrix& D, const Matrix& S, ComplexMatrix& harmonic);
  // The two masks from harm_ and perc_.
  void soft_masks(Matrix& mask_harmonic, Matrix& mask_percussive) const;
  // out = (S mask) * phase(D), S = |D|.
  void apply(const ComplexMatrix& D, const Matrix& S, const Matrix& mask, ComplexMatrix& out) const;

  HpssParams params_;
  MedianFilter along_time_;
  MedianFilter along_frequency_;
  MedianFilter along_time_by_frame_;       // the same two on transposed spectrograms
  MedianFilter along_frequency_by_frame_;
  Matrix mag_;   // |D|
  Matrix harm_;  // median along time
  Matrix perc_;  // median along frequency
  Matrix mask_harmonic_;
  Matrix mask_percussive_;
};

// Parameters of librosa.effects.harmonic: HPSS between an STFT and its inverse. The STFT fields
// are librosa's n_fft, hop_length, win_length and center (window 'hann', pad_mode 'constant').
struct HarmonicParams {
  HpssParams hpss;
  StftParams stft;

  void validate() const;
};

// y_harm = librosa.effects.harmonic(y):
//   istft(hpss(stft(y))[0], length=len(y)), all with the same STFT parameters.
// The STFT and its inverse are StftF64 and IstftF64 (float64 FFTs, as numpy): where the harmonic
// part is much quieter than the signal, the float32 Stft's rounding would dominate it.
// Output: len(y) samples. Everything is made once per object (FFT plans, windows, scratch
// matrices); a call on a signal of the same length allocates nothing. Not thread-safe.
class Harmonic {
 public:
  explicit Harmonic(const HarmonicParams& params = {});

  const HarmonicParams& params() const { return params_; }

  void compute(FloatSpan y, std::vector<float>& y_harm);
  // From D = stft(y) computed with params().stft (when the caller has it already); as exact as D:
  // StftF64's gives compute()'s result, Stft's differs where the harmonic part is 60 dB or more
  // below the signal.
  void compute_from_stft(const ComplexMatrix& D, size_t length, std::vector<float>& y_harm);
  // The same with S = |D| given too (modulus(), modulus.h).
  void compute_from_stft(const ComplexMatrix& D, const Matrix& S, size_t length, std::vector<float>& y_harm);
  // The same from their transposes, frames x bins (StftF64::Outputs' D_by_frame and
  // magnitude_by_frame): the same samples, with no spectrogram transposed on the way.
  void compute_from_stft_by_frame(const ComplexMatrix& D_by_frame, const Matrix& S_by_frame, size_t length,
                                  std::vector<float>& y_harm);

 private:
  HarmonicParams params_;
  StftF64 stft_;
  IstftF64 istft_;
  Hpss hpss_;
  ComplexMatrix spectrum_;
  ComplexMatrix harmonic_;
};

// One-shot form of Harmonic::compute.
std::vector<float> harmonic(FloatSpan y, const HarmonicParams& params = {});

}  // namespace ser::dsp
