#include "dsp/band_extremes.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// The helpers below pass vectors by value; they are always inlined into the clones of
// chained_any, so the ABI note GCC gives for such signatures outside AVX code does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

// 8 frames at once (GCC/Clang vector extension), in the widest registers the CPU has for them
// (simd.h): one AVX register, or two SSE ones.
constexpr size_t kLanes = 8;
typedef float V8 __attribute__((vector_size(4 * kLanes)));

// Everything below is inlined into chained_any, so that each of its clones gets its own copy.
#define SER_INLINE inline __attribute__((always_inline))

// Frames [t, t + count) of a row; lanes past count (a short last block) are 0 and never stored.
template <bool Full>
SER_INLINE V8 load(const float* row, size_t t, size_t count) {
  V8 v = {};
  std::memcpy(&v, row + t, (Full ? kLanes : count) * sizeof(float));
  return v;
}

// chain[0..Q) holds, per lane, the Q lowest values seen in ascending order (Lowest) or the Q
// highest in descending order: a new value passes down the chain, each link keeping the smaller
// (larger) of the two and passing the other on; the last one drops out. The minimum and the
// maximum are written with opposite comparisons (x < a, a < x) so that the compiler makes each a
// single min or max instruction; with one shared comparison it selects both with blends, which
// cost several times more. (Equal values are interchangeable; no -0 or NaN comes here: S >= 0.)
template <size_t Q, bool Lowest>
SER_INLINE void push(V8 (&chain)[Q], V8 x) {
  for (size_t j = 0; j < Q; ++j) {
    const V8 a = chain[j];
    const V8 low = x < a ? x : a;
    const V8 high = a < x ? x : a;
    chain[j] = Lowest ? low : high;
    x = Lowest ? high : low;
  }
}

// The float32 mean of one side's Q extremes, summed in ascending order, for frames [t, t + count).
template <size_t Q, bool Lowest, bool Full>
SER_INLINE void chain_means(const float* S, size_t stride, size_t begin, size_t end, size_t t, size_t count,
                        double* out) {
  constexpr float kStart = Lowest ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
  V8 chain[Q];
  for (auto& c : chain) c = V8{} + kStart;
  for (size_t k = begin; k < end; ++k) push<Q, Lowest>(chain, load<Full>(S + k * stride, t, count));
  V8 sum = {};
  for (size_t j = 0; j < Q; ++j) sum += chain[Lowest ? j : Q - 1 - j];
  const V8 mean = sum / static_cast<float>(Q);
  for (size_t i = 0; i < (Full ? kLanes : count); ++i) out[t + i] = mean[i];
}

template <size_t Q, bool Full>
SER_INLINE void chain_block(const float* S, size_t stride, size_t begin, size_t end, size_t t, size_t count,
                        double* valley, double* peak) {
  // Lowest and highest in separate passes, so that each chain stays in registers.
  chain_means<Q, true, Full>(S, stride, begin, end, t, count, valley);
  chain_means<Q, false, Full>(S, stride, begin, end, t, count, peak);
}

template <size_t Q>
SER_INLINE void chained(const float* S, size_t stride, size_t frames, size_t begin, size_t end, double* valley,
                    double* peak) {
  size_t t = 0;
  for (; t + kLanes <= frames; t += kLanes) chain_block<Q, true>(S, stride, begin, end, t, kLanes, valley, peak);
  if (t < frames) chain_block<Q, false>(S, stride, begin, end, t, frames - t, valley, peak);
}

template <size_t... I>
SER_INLINE void chained_for(size_t q, const float* S, size_t stride, size_t frames, size_t begin, size_t end,
                        double* valley, double* peak, std::index_sequence<I...>) {
  ((q == I + 1 ? chained<I + 1>(S, stride, frames, begin, end, valley, peak) : void()), ...);
}

constexpr size_t kMaxChained = 16;

// The chains for 1 <= q <= kMaxChained, each count its own code (the chain lives in registers).
SER_TARGET_CLONES void chained_any(size_t q, const float* S, size_t stride, size_t frames, size_t begin, size_t end,
                                   double* valley, double* peak) {
  chained_for(q, S, stride, frames, begin, end, valley, peak, std::make_index_sequence<kMaxChained>());
}

float float32_mean(const float* begin, const float* end) {
  float sum = 0.0f;
  for (const float* v = begin; v != end; ++v) sum += *v;
  return sum / static_cast<float>(end - begin);
}

}  // namespace

void BandExtremes::compute(const Matrix& S, size_t begin, size_t end, size_t q, double* valley, double* peak) {
  if (q <= kMaxChained) {
    chained_any(q, S.data(), S.cols(), S.cols(), begin, end, valley, peak);
  } else {
    select(S, begin, end, q, valley, peak);
  }
}

// Frame by frame: gather the band, then nth_element and a sort of the q extremes only.
void BandExtremes::select(const Matrix& S, size_t begin, size_t end, size_t q, double* valley, double* peak) {
  const size_t n = end - begin;
  values_.resize(n);
  float* v = values_.data();
  float* v_end = v + n;
  const auto qd = static_cast<std::ptrdiff_t>(q);
  for (size_t t = 0; t < S.cols(); ++t) {
    for (size_t i = 0; i < n; ++i) v[i] = S(begin + i, t);
    std::nth_element(v, v + qd - 1, v_end);
    std::sort(v, v + qd);
    valley[t] = float32_mean(v, v + qd);
    std::nth_element(v, v_end - qd, v_end);
    std::sort(v_end - qd, v_end);
    peak[t] = float32_mean(v_end - qd, v_end);
  }
}

}  // namespace ser::dsp
