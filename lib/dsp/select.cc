#include "dsp/select.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace ser::dsp {
namespace {

// A float's bits as an unsigned key in the float's order (negatives flipped whole, the sign bit
// set on the others), and back.
inline uint32_t order_key(float v) {
  uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return (b & 0x80000000u) ? ~b : b | 0x80000000u;
}

inline float from_order_key(uint32_t key) {
  const uint32_t b = (key & 0x80000000u) ? key & 0x7fffffffu : ~key;
  float v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

}  // namespace

float select_smallest(Span<const float> values, size_t k) {
  constexpr int kShifts[] = {21, 10, 0};
  constexpr uint32_t kDigits[] = {0x7ff, 0x7ff, 0x3ff};
  uint32_t prefix = 0;  // the digits found so far, in place
  uint32_t prefix_mask = 0;
  for (int pass = 0; pass < 3; ++pass) {
    const int shift = kShifts[pass];
    std::array<uint32_t, 2048> counts{};
    for (float v : values) {
      const uint32_t key = order_key(v);
      counts[(key >> shift) & kDigits[pass]] += (key & prefix_mask) == prefix ? 1u : 0u;
    }
    uint32_t digit = 0;
    while (k >= counts[digit]) k -= counts[digit++];
    prefix |= digit << shift;
    prefix_mask |= kDigits[pass] << shift;
  }
  return from_order_key(prefix);
}

float numpy_median(Span<const float> values) {
  const size_t half = values.size() / 2;
  const float upper = select_smallest(values, half);
  if (values.size() % 2 == 1) return upper;
  return (select_smallest(values, half - 1) + upper) / 2.0f;
}

}  // namespace ser::dsp
