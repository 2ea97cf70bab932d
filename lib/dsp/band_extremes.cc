#include "dsp/band_extremes.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace ser::dsp {
namespace {

// GCC/Clang vector extension: 4 frames at once, lowered to SSE without -march flags.
using Vec4 = float __attribute__((vector_size(16)));

// a < b ? a : b and a > b ? a : b, lane by lane. Spelled with SSE where there is SSE: the
// compilers do not turn the vector ternary into one minps/maxps.
#if defined(__SSE__)
inline Vec4 lane_min(Vec4 a, Vec4 b) {
  return reinterpret_cast<Vec4>(_mm_min_ps(reinterpret_cast<__m128>(a), reinterpret_cast<__m128>(b)));
}
inline Vec4 lane_max(Vec4 a, Vec4 b) {
  return reinterpret_cast<Vec4>(_mm_max_ps(reinterpret_cast<__m128>(a), reinterpret_cast<__m128>(b)));
}
#else
inline Vec4 lane_min(Vec4 a, Vec4 b) { return a < b ? a : b; }
inline Vec4 lane_max(Vec4 a, Vec4 b) { return a > b ? a : b; }
#endif

constexpr size_t kLanes = 4;
constexpr size_t kMaxChained = 16;

// Loads frames [t, t + Lanes) of a row; a short last block (Lanes < 4) leaves the other lanes 0,
// and they are never stored.
template <size_t Lanes>
Vec4 load(const float* row, size_t t) {
  Vec4 v = {0, 0, 0, 0};
  std::memcpy(&v, row + t, Lanes * sizeof(float));
  return v;
}

// chain[0..Q) holds, per lane, the Q lowest values seen in ascending order (Lowest) or the Q
// highest in descending order: a new value passes down the chain, each link keeping the smaller
// (larger) of the two and passing the other on; the last one drops out.
template <size_t Q, bool Lowest>
void push(Vec4 (&chain)[Q], Vec4 x) {
  for (size_t j = 0; j < Q; ++j) {
    const Vec4 a = chain[j];
    chain[j] = Lowest ? lane_min(x, a) : lane_max(x, a);
    x = Lowest ? lane_max(a, x) : lane_min(a, x);
  }
}

// The float32 mean of one side's Q extremes, summed in ascending order, for frames [t, t + lanes).
template <size_t Q, bool Lowest, size_t Lanes>
void chain_means(const Matrix& S, size_t begin, size_t end, size_t t, double* out) {
  constexpr float kStart = Lowest ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
  Vec4 chain[Q];
  for (auto& c : chain) c = Vec4{kStart, kStart, kStart, kStart};
  for (size_t k = begin; k < end; ++k) push<Q, Lowest>(chain, load<Lanes>(S.row(k), t));
  Vec4 sum = {0, 0, 0, 0};
  for (size_t j = 0; j < Q; ++j) sum += chain[Lowest ? j : Q - 1 - j];
  const Vec4 mean = sum / static_cast<float>(Q);
  for (size_t i = 0; i < Lanes; ++i) out[t + i] = mean[i];
}

template <size_t Q, size_t Lanes>
void chain_block(const Matrix& S, size_t begin, size_t end, size_t t, double* valley, double* peak) {
  // Lowest and highest in separate passes, so that each chain stays in registers.
  chain_means<Q, true, Lanes>(S, begin, end, t, valley);
  chain_means<Q, false, Lanes>(S, begin, end, t, peak);
}

template <size_t Q>
void chained(const Matrix& S, size_t begin, size_t end, double* valley, double* peak) {
  const size_t frames = S.cols();
  size_t t = 0;
  for (; t + kLanes <= frames; t += kLanes) chain_block<Q, kLanes>(S, begin, end, t, valley, peak);
  switch (frames - t) {
    case 3: chain_block<Q, 3>(S, begin, end, t, valley, peak); break;
    case 2: chain_block<Q, 2>(S, begin, end, t, valley, peak); break;
    case 1: chain_block<Q, 1>(S, begin, end, t, valley, peak); break;
    default: break;
  }
}

using ChainedFn = void (*)(const Matrix&, size_t, size_t, double*, double*);

template <size_t... I>
constexpr std::array<ChainedFn, sizeof...(I)> chained_table(std::index_sequence<I...>) {
  return {&chained<I + 1>...};
}

constexpr auto kChained = chained_table(std::make_index_sequence<kMaxChained>());

float float32_mean(const float* begin, const float* end) {
  float sum = 0.0f;
  for (const float* v = begin; v != end; ++v) sum += *v;
  return sum / static_cast<float>(end - begin);
}

}  // namespace

void BandExtremes::compute(const Matrix& S, size_t begin, size_t end, size_t q, double* valley, double* peak) {
  if (q <= kMaxChained) {
    kChained[q - 1](S, begin, end, valley, peak);
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
