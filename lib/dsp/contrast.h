// seremotion: spectral contrast, as librosa 0.11 computes it.
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.h"
#include "dsp/band_extremes.h"

namespace ser::dsp {

// Parameters of librosa.feature.spectral_contrast on a spectrogram; the defaults are librosa's.
// (librosa's `freq`, custom bin frequencies, is not offered: the bins are those of the FFT.)
struct SpectralContrastParams {
  double sr = 22050.0;     // sample rate, Hz, > 0; default 22050 (the project runs at 16000)
  int n_fft = 2048;        // FFT size S was made with, > 0; S has 1 + n_fft/2 rows; default 2048
  double fmin = 200.0;     // upper edge of the first band, Hz, > 0; default 200
  int n_bands = 6;         // octave bands above the first, > 0; every band edge below sr/2; default 6
  double quantile = 0.02;  // fraction of a band's bins averaged for its peak and its valley, in (0, 1);
                           // default 0.02
  bool linear = false;     // peak - valley instead of their difference in dB; default false
  // Throws ParameterError naming the field and its range (and "fmin or n_bands" when a band
  // edge reaches the Nyquist frequency).
  void validate() const;
};

// librosa.feature.spectral_contrast(S=S, sr, n_fft, fmin, n_bands, quantile, linear) on a magnitude
// spectrogram S ((1 + n_fft/2) x frames), after Jiang et al., "Music type classification by
// spectral contrast feature", ICME 2002. Band k spans [0, fmin] for k = 0 and
// [fmin 2^(k-1), fmin 2^k] for k >= 1 (the last one up to sr/2); librosa adds the bin below each
// band but the first and drops each band's top bin but the last's. With n_k the band's bin count
// (before the drop) and q = max(1, rint(quantile n_k)), per frame:
//   valley_k = mean of the q smallest values, peak_k = mean of the q largest,
//   contrast_k = power_to_db(peak)_k - power_to_db(valley)_k  (ref 1, amin 1e-10, top_db 80,
//                each clipped against the maximum over all its bands and frames), or
//                peak_k - valley_k when linear.
// Output (n_bands + 1) x frames. The band layout is made once, in the constructor. The q extremes
// are found by partial selection, never a full sort (band_extremes.h). Work buffers are members:
// once grown, computing allocates nothing. Not thread-safe: use one per thread.
class SpectralContrast {
 public:
  explicit SpectralContrast(const SpectralContrastParams& params = {});

  const SpectralContrastParams& params() const { return params_; }

  // Band k covers bins [band_begin(k), band_end(k)) of S, and averages its band_count(k) extremes.
  size_t band_begin(int k) const { return bands_[static_cast<size_t>(k)].begin; }
  size_t band_end(int k) const { return bands_[static_cast<size_t>(k)].end; }
  size_t band_count(int k) const { return bands_[static_cast<size_t>(k)].count; }

  // Throws ParameterError when S does not have 1 + n_fft/2 rows. Allocates only when out or the
  // work buffers must grow.
  void compute(const Matrix& S, Matrix& out);

 private:
  struct Band {
    size_t begin;
    size_t end;
    size_t count;
  };
  SpectralContrastParams params_;
  std::vector<Band> bands_;
  BandExtremes extremes_;
  std::vector<double> peak_;    // (n_bands + 1) x frames
  std::vector<double> valley_;
};

// spectral_contrast of S with a one-off SpectralContrast.
Matrix spectral_contrast(const Matrix& S, const SpectralContrastParams& params = {});

}  // namespace ser::dsp
