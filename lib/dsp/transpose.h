// seremotion: transposing blocks of row-major arrays, between the frame-major order FFTs work in
// and the bins x frames order of spectrograms.
#pragma once

#include <complex>
#include <cstddef>

namespace ser::dsp {

// dst[c * dst_stride + r] = src[r * src_stride + c] for r < rows, c < cols: a rows x cols block
// of one row-major array into a cols x rows block of another (strides in elements). The blocks
// must not overlap. Values are moved bit for bit.
//
// Tiles of 8 x 8 floats (4 x 4 complex values) are transposed in vector registers, as wide as the
// CPU allows (simd.h); the ragged edges element by element. About 0.4 instructions per float
// with AVX2 against 2 or more for an element-by-element copy, which also reads one cache line per
// element when the source stride is long.
void transpose(const float* src, size_t src_stride, float* dst, size_t dst_stride, size_t rows, size_t cols);
void transpose(const std::complex<float>* src, size_t src_stride, std::complex<float>* dst, size_t dst_stride,
               size_t rows, size_t cols);

}  // namespace ser::dsp
