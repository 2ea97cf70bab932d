#include "dsp/log10f_batch.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// fdlibm's constants (e_log10f.c): 1/ln(10) and log10(2) split so that y log10_2hi is exact.
constexpr float kInvLn10 = 4.3429449201e-01f;  // 0x3ede5bd9
constexpr float kLog10_2hi = 3.0102920532e-01f; // 0x3e9a2080
constexpr float kLog10_2lo = 7.9034151668e-07f; // 0x355427db

constexpr size_t kChunk = 64;

// x is a positive normal finite float: the values fdlibm reduces without special cases.
inline bool positive_normal(uint32_t b) { return b - 0x00800000u < 0x7f000000u; }

// The bits of m and the value of y in fdlibm's reduction of each x (given as its bits); returns
// whether every x was positive normal. On integers, so that it vectorises.
SER_TARGET_CLONES bool reduce(const uint32_t* x, size_t n, uint32_t* m, float* y) {
  uint32_t abnormal = 0;
  for (size_t j = 0; j < n; ++j) {
    const uint32_t b = x[j];
    const int32_t k = static_cast<int32_t>(b >> 23) - 127;
    const int32_t below_one = k < 0 ? 1 : 0;
    m[j] = (b & 0x007fffffu) | static_cast<uint32_t>(0x7f - below_one) << 23;
    y[j] = static_cast<float>(k + below_one);
    abnormal |= positive_normal(b) ? 0u : 1u;
  }
  return abnormal == 0;
}

// fdlibm's combination, in its order of float operations.
SER_TARGET_CLONES void combine(const float* y, const float* log_m, size_t n, float* out) {
  for (size_t j = 0; j < n; ++j) {
    const float z = y[j] * kLog10_2lo + kInvLn10 * log_m[j];
    out[j] = z + y[j] * kLog10_2hi;
  }
}

}  // namespace

void log10f_batch(const float* x, size_t n, float* out) {
  uint32_t in[kChunk], m[kChunk];
  float y[kChunk], log_m[kChunk];
  for (size_t j0 = 0; j0 < n; j0 += kChunk) {
    const size_t count = std::min(kChunk, n - j0);
    std::memcpy(in, x + j0, count * sizeof(float));  // the bits; out may be x
    const bool all_normal = reduce(in, count, m, y);
    for (size_t j = 0; j < count; ++j) {
      float mj;
      std::memcpy(&mj, &m[j], sizeof mj);
      log_m[j] = std::log(mj);
    }
    combine(y, log_m, count, out + j0);
    if (all_normal) continue;
    for (size_t j = 0; j < count; ++j) {
      if (positive_normal(in[j])) continue;
      float xj;
      std::memcpy(&xj, &in[j], sizeof xj);
      out[j0 + j] = std::log10(xj);
    }
  }
}

}  // namespace ser::dsp
