#include "dsp/voice/glottal_periods.h"

#include <algorithm>

#include "common/require.h"
#include "dsp/simd.h"

namespace ser::dsp::voice {

void GlottalPeriodsParams::validate() const {
  require_parameter(search_range > 0 && search_range < 0.5, "GlottalPeriodsParams", "search_range", "in (0, 0.5)",
                    search_range);
  require_parameter(min_correlation >= 0 && min_correlation < 1, "GlottalPeriodsParams", "min_correlation",
                    "in [0, 1)", min_correlation);
}

namespace {

using simd::V8f;

// out[r] = sum_{i < L + r} a[i] a[L + r + i] for r < R: each in eight partial sums (so that the
// products vectorise) added up in double. The R lengths run side by side, so that their chains of
// additions overlap (one length's additions wait on the last); each length's operations are those
// of it alone. (Inlined, so that it is built for each instruction set of cross_products() below.)
template <int R>
[[gnu::always_inline]] inline void cross_products(const float* a, size_t L, double* out) {
  V8f partial[R] = {};
  const size_t common = L / 8 * 8;  // the blocks of eight that every length has
  for (size_t i = 0; i < common; i += 8) {
    const V8f x = *reinterpret_cast<const V8f*>(a + i);
    for (int r = 0; r < R; ++r) partial[r] += x * *reinterpret_cast<const V8f*>(a + L + size_t(r) + i);
  }
  for (int r = 0; r < R; ++r) {
    const size_t n = L + size_t(r);
    size_t i = common;
    for (; i + 8 <= n; i += 8)
      partial[r] += *reinterpret_cast<const V8f*>(a + i) * *reinterpret_cast<const V8f*>(a + n + i);
    float lanes[8];
    for (int j = 0; j < 8; ++j) lanes[j] = partial[r][j];
    for (; i < n; ++i) lanes[0] += a[i] * a[n + i];
    double sum = 0.0;
    for (float v : lanes) sum += v;
    out[r] = sum;
  }
}

// out[r] = the cross product of a[0, L + r) with a[L + r, 2 (L + r)), r < count, four at a time.
// Built for each instruction set (simd.h).
SER_TARGET_CLONES void cross_products(const float* a, size_t L, size_t count, double* out) {
  size_t r = 0;
  for (; r + 4 <= count; r += 4) cross_products<4>(a, L + r, out + r);
  for (; r < count; ++r) cross_products<1>(a, L + r, out + r);
}

}  // namespace

double best_period_length(FloatSpan x, size_t p, size_t lo, size_t hi, size_t& length) {
  // Running sums: over L, the first window x[p, p+L) grows by one sample, the second x[p+L, p+2L)
  // gains two and loses one; the cross term is summed afresh (its pairs all change with L).
  const float* a = x.data() + p;
  double ea = 0.0, eb = 0.0;
  for (size_t i = 0; i < lo; ++i) ea += double(a[i]) * a[i];
  for (size_t i = lo; i < 2 * lo; ++i) eb += double(a[i]) * a[i];
  double best = -2.0;
  length = lo;
  double cross[4];  // the cross terms of L0..L0+3
  for (size_t L = lo; L <= hi; ++L) {
    if ((L - lo) % 4 == 0) cross_products(a, L, std::min<size_t>(4, hi + 1 - L), cross);
    if (L > lo) {
      ea += double(a[L - 1]) * a[L - 1];
      eb += double(a[2 * L - 2]) * a[2 * L - 2] + double(a[2 * L - 1]) * a[2 * L - 1] - double(a[L - 1]) * a[L - 1];
    }
    const double denom = std::sqrt(ea * eb);
    const double cc = denom > 0.0 ? cross[(L - lo) % 4] / denom : 0.0;
    if (cc > best) {
      best = cc;
      length = L;
    }
  }
  return best;
}

}  // namespace ser::dsp::voice
