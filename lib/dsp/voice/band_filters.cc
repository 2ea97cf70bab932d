#include "dsp/voice/band_filters.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.h"

namespace ser::dsp::voice {

double to_scale(BandScale scale, double hz) {
  return scale == BandScale::Mel ? 1127.0 * std::log(1.0 + hz / 700.0) : 26.81 * hz / (1960.0 + hz) - 0.53;
}

double from_scale(BandScale scale, double value) {
  return scale == BandScale::Mel ? 700.0 * (std::exp(value / 1127.0) - 1.0) : 1960.0 * (value + 0.53) / (26.28 - value);
}

BandFilters::BandFilters(BandScale scale, int n_bands, double lo_hz, double hi_hz, double sample_rate, int n_fft) {
  if (n_bands <= 0) throw ParameterError("n_bands must be > 0 (got " + std::to_string(n_bands) + ")");
  if (n_fft < 4) throw ParameterError("n_fft must be >= 4 (got " + std::to_string(n_fft) + ")");
  hi_hz = std::min(hi_hz, sample_rate / 2);
  if (!(lo_hz >= 0 && lo_hz < hi_hz)) {
    throw ParameterError("band filters need 0 <= lo_hz < min(hi_hz, sample_rate/2) (got " + std::to_string(lo_hz) +
                         ", " + std::to_string(hi_hz) + ")");
  }
  n_bins_ = n_fft / 2 + 1;
  const double lo = to_scale(scale, lo_hz), hi = to_scale(scale, hi_hz);
  std::vector<double> edge(static_cast<size_t>(n_bands) + 2);
  for (size_t i = 0; i < edge.size(); ++i) edge[i] = lo + (hi - lo) * static_cast<double>(i) / (n_bands + 1);
  for (int b = 0; b < n_bands; ++b) {
    const double l = edge[size_t(b)], c = edge[size_t(b) + 1], r = edge[size_t(b) + 2];
    centre_.push_back(from_scale(scale, c));
    first_.push_back(-1);
    size_.push_back(0);
    offset_.push_back(weights_.size());
    for (int k = 2; k < n_bins_; ++k) {
      const double z = to_scale(scale, k * sample_rate / n_fft);
      const double w = std::min((z - l) / (c - l), (r - z) / (r - c));
      if (w <= 0) {
        if (first_.back() >= 0) break;
        continue;
      }
      if (first_.back() < 0) first_.back() = k;
      weights_.push_back(static_cast<float>(w));
      ++size_.back();
    }
    if (first_.back() < 0) first_.back() = 0;
  }
}

void BandFilters::apply(const float* power, double* out) const {
  for (size_t b = 0; b < first_.size(); ++b) {
    const float* p = power + first_[b];
    const float* w = weights_.data() + offset_[b];
    // Four partial sums: a short dot product that the compiler may then vectorise.
    float partial[4] = {};
    const int n = size_[b];
    int i = 0;
    for (; i + 4 <= n; i += 4)
      for (int j = 0; j < 4; ++j) partial[j] += w[i + j] * p[i + j];
    for (; i < n; ++i) partial[0] += w[i] * p[i];
    out[b] = double(partial[0]) + partial[1] + partial[2] + partial[3];
  }
}

}  // namespace ser::dsp::voice
