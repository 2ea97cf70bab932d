#include "dsp/transpose.h"

#include <gtest/gtest.h>

#include <complex>
#include <cstring>
#include <vector>

namespace ser::dsp {
namespace {

// Shapes around the 8 x 8 (float) and 4 x 4 (complex) tiles: whole tiles, ragged edges, single
// rows and columns, and strides wider than the blocks.
const size_t kSizes[] = {1, 3, 4, 7, 8, 9, 16, 17, 31};

TEST(Transpose, FloatBlocksMatchElementByElement) {
  for (size_t rows : kSizes) {
    for (size_t cols : kSizes) {
      const size_t src_stride = cols + 5, dst_stride = rows + 3;
      std::vector<float> src(rows * src_stride), dst(cols * dst_stride, -1.0f);
      for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<float>(i) + 0.25f;
      transpose(src.data(), src_stride, dst.data(), dst_stride, rows, cols);
      for (size_t c = 0; c < cols; ++c) {
        for (size_t r = 0; r < rows; ++r) {
          ASSERT_EQ(dst[c * dst_stride + r], src[r * src_stride + c]) << rows << " x " << cols << " at " << r << ", " << c;
        }
        for (size_t r = rows; r < dst_stride; ++r) ASSERT_EQ(dst[c * dst_stride + r], -1.0f) << "wrote past the block";
      }
    }
  }
}

TEST(Transpose, ComplexBlocksMatchElementByElement) {
  for (size_t rows : kSizes) {
    for (size_t cols : kSizes) {
      const size_t src_stride = cols + 2, dst_stride = rows + 1;
      std::vector<std::complex<float>> src(rows * src_stride), dst(cols * dst_stride, {-1.0f, -1.0f});
      for (size_t i = 0; i < src.size(); ++i) src[i] = {static_cast<float>(i), -static_cast<float>(i) - 0.5f};
      transpose(src.data(), src_stride, dst.data(), dst_stride, rows, cols);
      for (size_t c = 0; c < cols; ++c) {
        for (size_t r = 0; r < rows; ++r) ASSERT_EQ(dst[c * dst_stride + r], src[r * src_stride + c]);
        for (size_t r = rows; r < dst_stride; ++r) ASSERT_EQ(dst[c * dst_stride + r], std::complex<float>(-1.0f, -1.0f));
      }
    }
  }
}

TEST(Transpose, MovesNaNPayloadsBitForBit) {
  std::vector<float> src(64), dst(64);
  for (size_t i = 0; i < src.size(); ++i) {
    const uint32_t bits = 0x7fa00000u + static_cast<uint32_t>(i);  // signalling NaNs with payloads
    std::memcpy(&src[i], &bits, sizeof bits);
  }
  transpose(src.data(), 8, dst.data(), 8, 8, 8);
  for (size_t r = 0; r < 8; ++r) {
    for (size_t c = 0; c < 8; ++c) EXPECT_EQ(std::memcmp(&dst[c * 8 + r], &src[r * 8 + c], sizeof(float)), 0);
  }
}

}  // namespace
}  // namespace ser::dsp
