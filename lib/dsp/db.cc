#include "dsp/db.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/log10f_batch.h"
#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// 10 log10(max(amin, S)) - ref_db in T arithmetic, as numpy works on an array of T; returns the
// largest value.
double decibels(Span<double> S, double amin, double ref_db) {
  double peak = -std::numeric_limits<double>::infinity();
  for (double& v : S) {
    v = 10.0 * std::log10(std::max(amin, v)) - ref_db;
    peak = std::max(peak, v);
  }
  return peak;
}

// The same in float, the logarithms a chunk at a time through log10f_batch (the bits of log10f),
// the rest vectorised (simd.h): the peak as kLanes running maxima, which max's exactness makes
// equal to the sequential one.
SER_TARGET_CLONES float decibels(Span<float> S, float amin, float ref_db) {
  constexpr size_t kChunk = 256;
  constexpr size_t kLanes = 16;
  float lanes[kLanes];
  std::fill(lanes, lanes + kLanes, -std::numeric_limits<float>::infinity());
  for (size_t j0 = 0; j0 < S.size(); j0 += kChunk) {
    float* v = S.data() + j0;
    const size_t count = std::min(kChunk, S.size() - j0);
    for (size_t j = 0; j < count; ++j) v[j] = std::max(amin, v[j]);
    log10f_batch(v, count, v);
    for (size_t j = 0; j < count; ++j) v[j] = 10.0f * v[j] - ref_db;
    size_t j = 0;
    for (; j + kLanes <= count; j += kLanes) {
      for (size_t l = 0; l < kLanes; ++l) lanes[l] = std::max(lanes[l], v[j + l]);
    }
    for (; j < count; ++j) lanes[0] = std::max(lanes[0], v[j]);
  }
  return *std::max_element(lanes, lanes + kLanes);
}

// 10 log10(max(amin, S)) minus the reference's dB (computed in double), then the clip.
template <typename T>
void power_to_db_impl(Span<T> S, const PowerToDbParams& params) {
  params.validate();
  if (S.empty()) return;
  const double ref = params.ref_max ? static_cast<double>(*std::max_element(S.begin(), S.end())) : params.ref;
  const T ref_db = static_cast<T>(10.0 * std::log10(std::max(params.amin, ref)));
  const T peak = decibels(S, static_cast<T>(params.amin), ref_db);
  if (params.top_db < 0) return;
  const T floor = static_cast<T>(peak - params.top_db);
  for (T& v : S) v = std::max(v, floor);
}

}  // namespace

void PowerToDbParams::validate() const {
  if (!(amin > 0)) throw ParameterError("amin must be > 0 (got " + std::to_string(amin) + ")");
  if (std::isnan(top_db)) throw ParameterError("top_db must be a number of dB, or negative for no clipping (got NaN)");
  if (!ref_max && !(ref > 0)) {
    throw ParameterError("ref must be > 0 (got " + std::to_string(ref) + "); set ref_max for librosa's ref=np.max");
  }
}

void power_to_db(Matrix& S, const PowerToDbParams& params) { power_to_db(Span<float>(S.data(), S.size()), params); }
void power_to_db(Span<float> S, const PowerToDbParams& params) { power_to_db_impl(S, params); }
void power_to_db(Span<double> S, const PowerToDbParams& params) { power_to_db_impl(S, params); }

}  // namespace ser::dsp
