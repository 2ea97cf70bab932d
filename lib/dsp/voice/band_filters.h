// seremotion: triangular band filters on a warped frequency scale (Bark, mel), as eGeMAPS uses them.
#pragma once

#include <cstddef>
#include <vector>

namespace ser::dsp::voice {

enum class BandScale {
  Mel,   // m = 1127 ln(1 + f / 700)  (HTK; O'Shaughnessy 1987)
  Bark,  // z = 26.81 f / (1960 + f) - 0.53  (Traunmueller, JASA 88(1), 1990)
};

double to_scale(BandScale scale, double hz);
double from_scale(BandScale scale, double value);

// n_bands triangular filters whose edges and centres are evenly spaced on `scale` between lo_hz
// and hi_hz (hi_hz is clamped to sample_rate / 2), each rising linearly on that scale from its
// left to its centre and falling to its right edge: the filter bank of openSMILE's cMelspec
// (HTK's, Young et al., The HTK Book, sec. 5.4). Bins below 2 (DC and the first bin) belong to
// no band, as in openSMILE's output. Stored sparse: per band its first bin and weights.
class BandFilters {
 public:
  BandFilters(BandScale scale, int n_bands, double lo_hz, double hi_hz, double sample_rate, int n_fft);

  int n_bands() const { return static_cast<int>(first_.size()); }
  int n_bins() const { return n_bins_; }
  // Centre frequency of band b, Hz.
  double centre_hz(int b) const { return centre_[static_cast<size_t>(b)]; }

  // out[b] = sum_k weight[b][k] power[k], for a spectrum of n_fft/2 + 1 values.
  void apply(const float* power, double* out) const;

 private:
  int n_bins_ = 0;
  std::vector<int> first_, size_;
  std::vector<size_t> offset_;
  std::vector<float> weights_;
  std::vector<double> centre_;
};

}  // namespace ser::dsp::voice
