#include "dsp/tonnetz.h"

#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"

namespace ser::dsp {
namespace {

constexpr size_t kTonnetzDims = 6;

// librosa's transformation matrix phi (6 x n_chroma), built as it builds it:
// V = outer(scale, linspace(0, 12, n_chroma, endpoint=False)), V[::2] -= 0.5, phi = R cos(pi V).
std::vector<double> tonal_centroid_axes(size_t n_chroma) {
  const double scale[kTonnetzDims] = {7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3};
  const double radius[kTonnetzDims] = {1, 1, 1, 1, 0.5, 0.5};  // fifths, minor thirds, major thirds
  const double step = 12.0 / static_cast<double>(n_chroma);
  std::vector<double> phi(kTonnetzDims * n_chroma);
  for (size_t p = 0; p < kTonnetzDims; ++p) {
    for (size_t c = 0; c < n_chroma; ++c) {
      double v = scale[p] * (static_cast<double>(c) * step);
      if (p % 2 == 0) v -= 0.5;  // even rows: cos(pi (x - 1/2)) = sin(pi x)
      phi[p * n_chroma + c] = radius[p] * std::cos(M_PI * v);
    }
  }
  return phi;
}

}  // namespace

void tonnetz(const Matrix& chroma, Matrix& out) {
  const size_t n_chroma = chroma.rows();
  const size_t frames = chroma.cols();
  if (n_chroma == 0) throw ParameterError("tonnetz: the chroma has no rows");
  const std::vector<double> phi = tonal_centroid_axes(n_chroma);

  // librosa.util.normalize(chroma, norm=1, axis=0): float64 norms, float32 result.
  std::vector<double> l1(frames, 0.0);
  for (size_t c = 0; c < n_chroma; ++c) {
    for (size_t t = 0; t < frames; ++t) l1[t] += std::fabs(static_cast<double>(chroma(c, t)));
  }
  for (double& l : l1) {
    if (l < std::numeric_limits<float>::min()) l = 1.0;
  }
  std::vector<double> acc(kTonnetzDims * frames, 0.0);
  for (size_t c = 0; c < n_chroma; ++c) {
    for (size_t t = 0; t < frames; ++t) {
      const double x = static_cast<float>(chroma(c, t) / l1[t]);
      for (size_t p = 0; p < kTonnetzDims; ++p) acc[p * frames + t] += phi[p * n_chroma + c] * x;
    }
  }
  out.resize(kTonnetzDims, frames);
  for (size_t i = 0; i < acc.size(); ++i) out.data()[i] = static_cast<float>(acc[i]);
}

Matrix tonnetz(const Matrix& chroma) {
  Matrix out;
  tonnetz(chroma, out);
  return out;
}

void TonnetzCqtParams::validate() const {
  harmonic.validate();
  chroma.validate();
}

TonnetzCqt::TonnetzCqt(const TonnetzCqtParams& params)
    : params_((params.validate(), params)), separator_(params.harmonic), chroma_cqt_(params.chroma) {}

void TonnetzCqt::compute(FloatSpan y, double tuning, Matrix& out) {
  separator_.compute(y, harmonic_);
  chroma_cqt_.compute(harmonic_, tuning, chroma_);
  tonnetz(chroma_, out);
}

Matrix tonnetz_cqt(FloatSpan y, double sr, double tuning) {
  TonnetzCqtParams params;
  params.chroma.sr = sr;
  TonnetzCqt t(params);
  Matrix out;
  t.compute(y, tuning, out);
  return out;
}

}  // namespace ser::dsp
