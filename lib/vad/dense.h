// seremotion: the one matrix kernel of the VAD network, y = W x + b for many x at once.
#pragma once

#include <cstddef>

namespace ser::vad {

// Where column j of a batch lies, from a base pointer: columns come in groups of `per_group` (the
// frames of one chunk), `stride` floats apart within a group, groups `group_stride` apart:
//   base + (j / per_group) * group_stride + (j % per_group) * stride.
struct ColumnLayout {
  std::size_t stride = 0;
  std::size_t per_group = 1;
  std::size_t group_stride = 0;

  // Columns `stride` apart.
  static ColumnLayout uniform(std::size_t stride) { return {stride, 1, stride}; }
  static ColumnLayout grouped(std::size_t stride, std::size_t per_group, std::size_t group_stride) {
    return {stride, per_group, group_stride};
  }
  std::size_t offset(std::size_t j) const { return (j / per_group) * group_stride + (j % per_group) * stride; }
};

// For each of `n_cols` columns j, with x_j and y_j where `xl` and `yl` place them:
//   y_j[o] = act(bias[o] + sum_{k < n_in} wt[k * n_out + o] * x_j[k]),  o < n_out,
// act = max(0, .) when `relu`, else the identity. `wt` is W transposed (input-major), so that the
// kernel reads a row of n_out weights per input and keeps a block of 16 outputs of 4 columns in
// vector registers. n_out must be a multiple of 16 (the VAD's are 64, 128 and 512).
//
// Each output is summed in the same order (bias, then k = 0, 1, ...) whatever the vector width and
// however many columns run together, and ser_core is built without contraction to fused
// multiply-adds, so the results are the same bits on every CPU and for every batch.
void dense_columns(const float* wt, const float* bias, std::size_t n_in, std::size_t n_out, const float* x,
                   const ColumnLayout& xl, float* y, const ColumnLayout& yl, std::size_t n_cols, bool relu);

}  // namespace ser::vad
