#include "dsp/log10f_batch.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace ser::dsp {
namespace {

bool same_bits(float a, float b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Every 1009th of the 2^32 bit patterns (all signs, subnormals, infinities and NaNs among them)
// gives log10f's bits; the whole set was checked once the same way.
TEST(Log10fBatch, GivesLog10fBitsAcrossAllFloats) {
  std::vector<float> x, out;
  for (uint64_t u = 0; u < (uint64_t{1} << 32); u += 1009) {
    float v;
    const uint32_t b = static_cast<uint32_t>(u);
    std::memcpy(&v, &b, sizeof v);
    x.push_back(v);
  }
  out.resize(x.size());
  log10f_batch(x.data(), x.size(), out.data());
  size_t wrong = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!same_bits(out[i], std::log10(x[i])) && wrong++ < 5) {
      ADD_FAILURE() << "log10f(" << std::hexfloat << x[i] << ") = " << std::log10(x[i]) << ", batch gave " << out[i];
    }
  }
  EXPECT_EQ(wrong, 0u);
}

TEST(Log10fBatch, WorksInPlaceOnSpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {1.0f, 10.0f, 1e-10f, 0.0f, -0.0f, -1.0f, inf, -inf, std::nanf(""), 1e-45f, 0.5f, 2.0f, 3e38f};
  std::vector<float> expected;
  for (float v : x) expected.push_back(std::log10(v));
  log10f_batch(x.data(), x.size(), x.data());
  for (size_t i = 0; i < x.size(); ++i) EXPECT_TRUE(same_bits(x[i], expected[i])) << i;
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_EQ(x[1], 1.0f);
  EXPECT_EQ(x[3], -inf);
  EXPECT_TRUE(std::isnan(x[5]));
}

}  // namespace
}  // namespace ser::dsp
