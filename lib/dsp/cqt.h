// seremotion: the constant-Q transform as librosa 0.11 computes it (librosa.cqt = vqt with gamma 0).
#pragma once

#include <complex>
#include <cstddef>
#include <map>
#include <memory>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"
#include "dsp/cqt_filters.h"
#include "dsp/fft_f64.h"
#include "dsp/resample.h"

namespace ser::dsp {

// Parameters of librosa.cqt; the defaults are librosa's. The window is always 'hann' and pad_mode
// 'constant' (librosa's defaults); the tuning is an argument of Cqt::magnitude, not a field, since
// it changes from clip to clip. chroma_cqt calls it with n_bins = 252 and bins_per_octave = 36.
struct CqtParams {
  double sr = 22050;                          // sample rate of y in Hz; > 0; default 22050
  int hop_length = 512;                       // samples between frames; int > 0; default 512
  double fmin = 32.70319566257483;            // lowest bin before tuning, Hz; > 0; default C1 = note_to_hz('C1')
  int n_bins = 84;                            // number of bins; int > 0; default 84
  int bins_per_octave = 12;                   // int > 0; default 12
  double filter_scale = 1;                    // filter length factor; > 0; default 1
  double norm = 1;                            // filter normalisation: p-norm with p > 0, or +inf; default 1
  double sparsity = 0.01;                     // fraction of each filter's L1 energy dropped; [0, 1); default 0.01
  bool scale = true;                          // divide bin k by sqrt(filter length k); default true
  SoxrQuality res_type = SoxrQuality::kHigh;  // resampler between octaves; default 'soxr_hq'

  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// C = |librosa.cqt(y, sr, hop_length, fmin, n_bins, bins_per_octave, tuning, filter_scale, norm,
// sparsity, window='hann', scale, pad_mode='constant', res_type)|, the recursive sub-sampling
// method of Schoerkhuber and Klapuri (2010), "Constant-Q transform toolbox for music processing",
// SMC, with the filters of librosa.filters.wavelet:
//   f_k = fmin 2^(tuning / bpo) 2^(k / bpo),  L_k = filter_scale sr / (alpha_k f_k),
//   octave by octave from the top: the octave's filters (cqt_filters.h, made at the octave's rate
//   and scaled by sqrt(sr / sr_octave)) applied to stft(y_octave, n_fft, hop, window='ones')
//   (float64 FFTs rounded to complex64, as numpy),
//   then y halved by resampling (soxr, scale=True) while the hop is even; the octaves trimmed to
//   the fewest frames and stacked; bin k divided by sqrt(L_k) when scale.
// librosa's early downsampling (for rates far above the top filter) is done too.
// Output: n_bins x frames, frames = min over octaves of 1 + len(y_octave) / hop_octave (that is
// 1 + len(y) / hop_length when the length divides evenly).
//
// The filter bank of each (parameters, tuning) is made on first use (about 10 ms) and kept in a
// process-wide cache shared by all Cqt objects and threads (up to 256 banks of some 50 kB;
// estimated tunings are multiples of 0.01, so a process needs a hundred at most). FFT plans and
// the resampler are made once per object; scratch space is reused, so a call allocates only when
// a longer signal comes. Not thread-safe: use one object per thread.
class Cqt {
 public:
  explicit Cqt(const CqtParams& params = {});
  ~Cqt();

  const CqtParams& params() const { return params_; }

  // |cqt(y, tuning)| into C (resized). tuning: in fractions of a bin, finite (librosa estimates
  // values in [-0.5, 0.5)). ParameterError when the filters would pass Nyquist, or y is too short
  // for the early downsampling.
  void magnitude(FloatSpan y, double tuning, Matrix& C);

 private:
  struct Bank;
  static std::shared_ptr<const Bank> make_bank(const CqtParams& params, double tuning);
  static std::shared_ptr<const Bank> shared_bank(const CqtParams& params, double tuning);
  RealFftF64& fft(int n_fft);
  // The response of one octave's filters to y_octave, into rows [first, first + n) of response_.
  void octave_response(const SparseFilterBasis& basis, FloatSpan y_octave, int hop, size_t frames, size_t first_row);

  CqtParams params_;
  std::map<int, std::unique_ptr<RealFftF64>> ffts_;
  std::unique_ptr<Resampler> halve_;
  std::unique_ptr<Resampler> early_;
  std::vector<float> signal_;       // the current octave's signal
  std::vector<float> next_;         // the next octave's
  static constexpr size_t kBlock = 16;  // frames transformed before they are stored
  std::vector<float> block_re_;     // kBlock frames' band, frame-major
  std::vector<float> block_im_;
  std::vector<float> band_re_;      // STFT of an octave over the bins its filters use: bins x frames
  std::vector<float> band_im_;
  std::vector<float> response_re_;  // the complex response, n_bins x frames
  std::vector<float> response_im_;
};

// One-shot form of Cqt::magnitude.
Matrix cqt_magnitude(FloatSpan y, double tuning, const CqtParams& params = {});

}  // namespace ser::dsp
