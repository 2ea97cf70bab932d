#include "dsp/transpose.h"

#include <algorithm>
#include <cstdint>

#include "dsp/simd.h"

namespace ser::dsp {
namespace {

// Tile rows as integer vectors (GCC/Clang vector extension), so that moving them can never touch
// a float's bits; loadable from any address of their element type.
typedef int32_t V8i __attribute__((vector_size(32), aligned(4), may_alias));
typedef int64_t V4l __attribute__((vector_size(32), aligned(8), may_alias));

#define SER_INLINE inline __attribute__((always_inline))

// The 8 x 8 tile at src into dst: three rounds of two-input shuffles (pairs, then quads, then
// halves), which AVX lowers to unpack, shuffle and lane-permute instructions.
SER_INLINE void tile8x8(const float* src, size_t src_stride, float* dst, size_t dst_stride) {
  V8i r[8], t[8], u[8];
  for (size_t i = 0; i < 8; ++i) r[i] = *reinterpret_cast<const V8i*>(src + i * src_stride);
  for (size_t i = 0; i < 8; i += 2) {
    t[i] = SER_SHUFFLE(r[i], r[i + 1], V8i, 0, 8, 1, 9, 4, 12, 5, 13);
    t[i + 1] = SER_SHUFFLE(r[i], r[i + 1], V8i, 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (size_t i = 0; i < 8; i += 4) {
    for (size_t j = 0; j < 2; ++j) {
      u[i + 2 * j] = SER_SHUFFLE(t[i + j], t[i + j + 2], V8i, 0, 1, 8, 9, 4, 5, 12, 13);
      u[i + 2 * j + 1] = SER_SHUFFLE(t[i + j], t[i + j + 2], V8i, 2, 3, 10, 11, 6, 7, 14, 15);
    }
  }
  // u[k] holds columns k (low half) and k + 4 (high half) of rows 0-3; u[k + 4] of rows 4-7.
  for (size_t k = 0; k < 4; ++k) {
    *reinterpret_cast<V8i*>(dst + k * dst_stride) = SER_SHUFFLE(u[k], u[k + 4], V8i, 0, 1, 2, 3, 8, 9, 10, 11);
    *reinterpret_cast<V8i*>(dst + (k + 4) * dst_stride) =
        SER_SHUFFLE(u[k], u[k + 4], V8i, 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

// The 4 x 4 tile of 8-byte values at src into dst.
SER_INLINE void tile4x4(const std::complex<float>* src, size_t src_stride, std::complex<float>* dst,
                        size_t dst_stride) {
  V4l r[4], t[4];
  for (size_t i = 0; i < 4; ++i) r[i] = *reinterpret_cast<const V4l*>(src + i * src_stride);
  for (size_t i = 0; i < 4; i += 2) {
    t[i] = SER_SHUFFLE(r[i], r[i + 1], V4l, 0, 4, 2, 6);
    t[i + 1] = SER_SHUFFLE(r[i], r[i + 1], V4l, 1, 5, 3, 7);
  }
  for (size_t j = 0; j < 2; ++j) {
    *reinterpret_cast<V4l*>(dst + j * dst_stride) = SER_SHUFFLE(t[j], t[j + 2], V4l, 0, 1, 4, 5);
    *reinterpret_cast<V4l*>(dst + (j + 2) * dst_stride) = SER_SHUFFLE(t[j], t[j + 2], V4l, 2, 3, 6, 7);
  }
}

// Tiles are taken a panel at a time: a square of 128 bytes' worth of elements a side, so that each
// cache line read or written is used whole before the next panel (row by row across a wide block,
// each destination line would be written a tile at a time, on passes too far apart for L1).
template <typename T, size_t Tile, void (*TileFn)(const T*, size_t, T*, size_t)>
SER_INLINE void transpose_tiles(const T* src, size_t src_stride, T* dst, size_t dst_stride, size_t rows,
                                size_t cols) {
  constexpr size_t kPanel = 128 / sizeof(T);
  static_assert(kPanel % Tile == 0);
  const size_t full_rows = rows - rows % Tile;
  const size_t full_cols = cols - cols % Tile;
  for (size_t r0 = 0; r0 < full_rows; r0 += kPanel) {
    const size_t r1 = std::min(full_rows, r0 + kPanel);
    for (size_t c0 = 0; c0 < full_cols; c0 += kPanel) {
      const size_t c1 = std::min(full_cols, c0 + kPanel);
      for (size_t r = r0; r < r1; r += Tile) {
        for (size_t c = c0; c < c1; c += Tile) TileFn(src + r * src_stride + c, src_stride, dst + c * dst_stride + r, dst_stride);
      }
    }
    for (size_t c = full_cols; c < cols; ++c) {
      for (size_t r = r0; r < r1; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
    }
  }
  for (size_t r = full_rows; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) dst[c * dst_stride + r] = src[r * src_stride + c];
  }
}

}  // namespace

SER_TARGET_CLONES void transpose(const float* src, size_t src_stride, float* dst, size_t dst_stride, size_t rows,
                                 size_t cols) {
  static_assert(sizeof(float) == sizeof(int32_t));
  transpose_tiles<float, 8, tile8x8>(src, src_stride, dst, dst_stride, rows, cols);
}

SER_TARGET_CLONES void transpose(const std::complex<float>* src, size_t src_stride, std::complex<float>* dst,
                                 size_t dst_stride, size_t rows, size_t cols) {
  static_assert(sizeof(std::complex<float>) == sizeof(int64_t));
  transpose_tiles<std::complex<float>, 4, tile4x4>(src, src_stride, dst, dst_stride, rows, cols);
}

}  // namespace ser::dsp
