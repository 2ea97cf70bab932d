#include "dsp/voice/glottal_periods.h"

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

// sum_i x[i] y[i] over i < n, in eight partial sums (so that the products vectorise), added up in
// double. Built for each instruction set (simd.h): one AVX vector holds the eight sums, where the
// baseline build needed two SSE ones; the operations, and so the bits, are the same.
SER_TARGET_CLONES double cross_product(const float* x, const float* y, size_t n) {
  float partial[8] = {};
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (size_t j = 0; j < 8; ++j) partial[j] += x[i + j] * y[i + j];
  for (; i < n; ++i) partial[0] += x[i] * y[i];
  double sum = 0.0;
  for (float v : partial) sum += v;
  return sum;
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
  for (size_t L = lo; L <= hi; ++L) {
    if (L > lo) {
      ea += double(a[L - 1]) * a[L - 1];
      eb += double(a[2 * L - 2]) * a[2 * L - 2] + double(a[2 * L - 1]) * a[2 * L - 1] - double(a[L - 1]) * a[L - 1];
    }
    const double cross = cross_product(a, a + L, L);
    const double denom = std::sqrt(ea * eb);
    const double cc = denom > 0.0 ? cross / denom : 0.0;
    if (cc > best) {
      best = cc;
      length = L;
    }
  }
  return best;
}

}  // namespace ser::dsp::voice
