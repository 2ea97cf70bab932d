#include "vad/dense.h"

#include "dsp/simd.h"

// The helpers below take and return AVX-sized vectors; they are always inlined into the clones of
// dense_columns, so no call passes one under another ABI.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ser::vad {
namespace {

// Eight floats: one AVX register, two SSE ones. Loads and stores through v8u need no alignment.
typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4), may_alias));

constexpr std::size_t kBlock = 16;  // outputs per block: two v8
constexpr std::size_t kCols = 4;    // columns per block

[[gnu::always_inline]] inline v8 load(const float* p) { return *reinterpret_cast<const v8u*>(p); }
[[gnu::always_inline]] inline void store(float* p, v8 v) { *reinterpret_cast<v8u*>(p) = v; }

// `Cols` columns (1 to kCols) of one block of kBlock outputs, in explicit vectors over the outputs
// (left to itself, the compiler vectorises over the columns and shuffles).
template <std::size_t Cols>
[[gnu::always_inline]] inline void block(const float* wt, const float* bias, std::size_t n_in, std::size_t n_out,
                                         const float* const* x, float* const* y, bool relu) {
  v8 acc[Cols][2];
  for (std::size_t c = 0; c < Cols; ++c) {
    acc[c][0] = load(bias);
    acc[c][1] = load(bias + 8);
  }
  for (std::size_t k = 0; k < n_in; ++k) {
    const v8 w0 = load(wt + k * n_out);
    const v8 w1 = load(wt + k * n_out + 8);
    for (std::size_t c = 0; c < Cols; ++c) {
      const float xv = x[c][k];
      acc[c][0] += w0 * xv;
      acc[c][1] += w1 * xv;
    }
  }
  const v8 zero = {};
  for (std::size_t c = 0; c < Cols; ++c) {
    for (std::size_t h = 0; h < 2; ++h) {
      const v8 v = relu ? (acc[c][h] > zero ? acc[c][h] : zero) : acc[c][h];
      store(y[c] + 8 * h, v);
    }
  }
}

}  // namespace

SER_TARGET_CLONES
void dense_columns(const float* wt, const float* bias, std::size_t n_in, std::size_t n_out, const float* x,
                   const ColumnLayout& xl, float* y, const ColumnLayout& yl, std::size_t n_cols, bool relu) {
  // Outer loop over output blocks: a block's weights (n_in x 16 floats) stay in L1 across columns.
  for (std::size_t ob = 0; ob < n_out; ob += kBlock) {
    for (std::size_t j = 0; j < n_cols; j += kCols) {
      const float* xs[kCols];
      float* ys[kCols];
      const std::size_t n = n_cols - j < kCols ? n_cols - j : kCols;
      for (std::size_t c = 0; c < n; ++c) {
        xs[c] = x + xl.offset(j + c);
        ys[c] = y + yl.offset(j + c) + ob;
      }
      switch (n) {
        case 4: block<4>(wt + ob, bias + ob, n_in, n_out, xs, ys, relu); break;
        case 3: block<3>(wt + ob, bias + ob, n_in, n_out, xs, ys, relu); break;
        case 2: block<2>(wt + ob, bias + ob, n_in, n_out, xs, ys, relu); break;
        default: block<1>(wt + ob, bias + ob, n_in, n_out, xs, ys, relu); break;
      }
    }
  }
}

}  // namespace ser::vad
