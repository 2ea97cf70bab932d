#include "dsp/convolve.h"

#include <vector>

#include "dsp/fft.h"

namespace ser::dsp {

std::vector<float> convolve(FloatSpan x, FloatSpan h) {
  std::vector<float> out(x.size(), 0.0f);
  if (x.empty() || h.empty()) return out;
  int n = 1;
  while (static_cast<size_t>(n) < x.size() + h.size() - 1) n *= 2;
  RealFft fx(n), fh(n);
  std::fill(fx.real(), fx.real() + n, 0.0f);
  std::fill(fh.real(), fh.real() + n, 0.0f);
  std::copy(x.begin(), x.end(), fx.real());
  std::copy(h.begin(), h.end(), fh.real());
  fx.forward();
  fh.forward();
  for (int k = 0; k < fx.n_bins(); ++k) fx.spectrum()[k] *= fh.spectrum()[k];
  fx.inverse();
  const float scale = 1.0f / static_cast<float>(n);
  for (size_t i = 0; i < out.size(); ++i) out[i] = fx.real()[i] * scale;
  return out;
}

}  // namespace ser::dsp
