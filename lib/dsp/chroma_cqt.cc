#include "dsp/chroma_cqt.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/error.h"
#include "dsp/normalize.h"

namespace ser::dsp {
namespace {

// (x mod n) in [0, n), as numpy's np.roll and np.mod take it.
long long positive_mod(long long x, long long n) { return ((x % n) + n) % n; }

}  // namespace

Matrix cq_to_chroma(int n_input, int bins_per_octave, int n_chroma, double fmin, bool base_c) {
  if (n_input <= 0) throw ParameterError("n_input must be > 0 (got " + std::to_string(n_input) + ")");
  if (n_chroma <= 0) throw ParameterError("n_chroma must be > 0 (got " + std::to_string(n_chroma) + ")");
  if (bins_per_octave <= 0 || bins_per_octave % n_chroma != 0) {
    throw ParameterError("bins_per_octave=" + std::to_string(bins_per_octave) +
                         " must be a positive multiple of n_chroma=" + std::to_string(n_chroma) +
                         " (incompatible CQ merge)");
  }
  if (!(fmin > 0)) throw ParameterError("fmin must be > 0 Hz (got " + std::to_string(fmin) + ")");
  const long long merge = bins_per_octave / n_chroma;
  // midi number of fmin, modulo an octave; the classes are rolled by it (rounded, in chroma units).
  double midi_0 = std::fmod(12 * (std::log2(fmin) - std::log2(440.0)) + 69, 12.0);
  if (midi_0 < 0) midi_0 += 12;  // np.mod takes the sign of the divisor
  const double roll_semitones = base_c ? midi_0 : midi_0 - 9;
  const long long roll = static_cast<long long>(std::nearbyint(roll_semitones * (n_chroma / 12.0)));

  Matrix W(static_cast<size_t>(n_chroma), static_cast<size_t>(n_input), 0.0f);
  for (long long k = 0; k < n_input; ++k) {
    // In one octave, bin b belongs to class floor(((b + merge // 2) mod bpo) / merge): the
    // identity repeated merge times per class, rolled left by merge // 2.
    const long long b = positive_mod(k + merge / 2, bins_per_octave);
    const long long c = b / merge;
    W(static_cast<size_t>(positive_mod(c + roll, n_chroma)), static_cast<size_t>(k)) = 1.0f;
  }
  return W;
}

void ChromaCqtParams::validate() const {
  cqt().validate();
  if (!(norm >= 0)) throw ParameterError("norm must be +inf, > 0, or 0 for none (got " + std::to_string(norm) + ")");
  if (std::isnan(threshold)) throw ParameterError("threshold must be a number (-inf disables it)");
  if (n_chroma <= 0) throw ParameterError("n_chroma must be > 0 (got " + std::to_string(n_chroma) + ")");
  if (n_octaves <= 0) throw ParameterError("n_octaves must be > 0 (got " + std::to_string(n_octaves) + ")");
  if (bins_per_octave % n_chroma != 0) {
    throw ParameterError("bins_per_octave=" + std::to_string(bins_per_octave) +
                         " must be a multiple of n_chroma=" + std::to_string(n_chroma));
  }
}

CqtParams ChromaCqtParams::cqt() const {
  CqtParams p;
  p.sr = sr;
  p.hop_length = hop_length;
  p.fmin = fmin;
  p.n_bins = n_octaves * bins_per_octave;
  p.bins_per_octave = bins_per_octave;
  return p;
}

ChromaCqt::ChromaCqt(const ChromaCqtParams& params)
    : params_((params.validate(), params)),
      cqt_(params.cqt()),
      map_(cq_to_chroma(params.n_octaves * params.bins_per_octave, params.bins_per_octave, params.n_chroma,
                        params.fmin)) {}

void ChromaCqt::compute(FloatSpan y, double tuning, Matrix& chroma) {
  cqt_.magnitude(y, tuning, C_);
  from_cqt(C_, chroma);
}

void ChromaCqt::from_cqt(const Matrix& C, Matrix& chroma) const {
  const Matrix other_map = C.rows() == map_.cols()
                               ? Matrix()
                               : cq_to_chroma(static_cast<int>(C.rows()), params_.bins_per_octave, params_.n_chroma,
                                              params_.fmin);
  const Matrix& W = C.rows() == map_.cols() ? map_ : other_map;
  const size_t frames = C.cols();
  chroma.resize(W.rows(), frames);
  // W C with W of zeros and ones: the sum of each class's bins, in float64, rounded once.
  std::vector<double> acc(frames);
  for (size_t c = 0; c < W.rows(); ++c) {
    std::fill(acc.begin(), acc.end(), 0.0);
    for (size_t k = 0; k < W.cols(); ++k) {
      if (W(c, k) == 0.0f) continue;
      const float* row = C.row(k);
      for (size_t t = 0; t < frames; ++t) acc[t] += static_cast<double>(W(c, k)) * row[t];
    }
    float* out = chroma.row(c);
    for (size_t t = 0; t < frames; ++t) {
      const float v = static_cast<float>(acc[t]);
      out[t] = v < params_.threshold ? 0.0f : v;
    }
  }
  if (params_.norm > 0) {
    std::vector<double> lengths;
    normalize_columns(chroma, params_.norm, lengths);
  }
}

Matrix chroma_cqt(FloatSpan y, double tuning, const ChromaCqtParams& params) {
  ChromaCqt chroma(params);
  Matrix out;
  chroma.compute(y, tuning, out);
  return out;
}

Matrix chroma_cqt_from_cqt(const Matrix& C, const ChromaCqtParams& params) {
  ChromaCqt chroma(params);
  Matrix out;
  chroma.from_cqt(C, out);
  return out;
}

}  // namespace ser::dsp
