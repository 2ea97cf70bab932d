#include "dsp/db.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"

namespace ser::dsp {
namespace {

// Each value in T arithmetic, as numpy works on an array of T: 10 log10(max(amin, S)) minus the
// reference's dB (computed in double), then the clip.
template <typename T>
void power_to_db_impl(Span<T> S, const PowerToDbParams& params) {
  params.validate();
  if (S.empty()) return;
  const double ref = params.ref_max ? static_cast<double>(*std::max_element(S.begin(), S.end())) : params.ref;
  const T ref_db = static_cast<T>(10.0 * std::log10(std::max(params.amin, ref)));
  const T amin = static_cast<T>(params.amin);
  T peak = -std::numeric_limits<T>::infinity();
  for (T& v : S) {
    v = static_cast<T>(10) * std::log10(std::max(amin, v)) - ref_db;
    peak = std::max(peak, v);
  }
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
