// seremotion: a running median along one axis of a matrix, as scipy.ndimage.median_filter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/matrix.h"

namespace ser::dsp {

// Parameters of scipy.ndimage.median_filter(x, size=..., mode='reflect') along one axis of a
// 2-D array. librosa.decompose.hpss uses size=(1, 31) (along time) and size=(31, 1) (along
// frequency) on a bins x frames spectrogram.
struct MedianFilterParams {
  int size = 31;  // kernel length in elements along `axis`; int >= 1 (librosa hpss: kernel_size=31)
  int axis = 1;   // 1: along each row, size=(1, size); 0: along each column, size=(size, 1)

  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// out[i] = median of x[i - size/2 .. i - size/2 + size - 1] along `axis`, that is scipy's
// median_filter with origin 0: the element of rank size/2 (0-based) of the sorted window, the
// upper of the two middle values when size is even. Outside the line the values are reflected
// about the edge, half-sample symmetric with period 2n (scipy's mode 'reflect':
// d c b a | a b c d | d c b a | a b ...), so any line length n >= 1 works.
// Output shape: that of x.
//
// A median is a selection, so the result is exactly scipy's, bit for bit. (Where half the kernel
// spans 4 or more line lengths, as for lines of 2 or 3 under size 31, scipy 1.10 maps some
// reflected offsets outside the line and reads a neighbour's memory; here the reflection is the
// documented one everywhere.) NaN inputs give unspecified results, as in scipy.
//
// Algorithm: a sorted window per line (the first one sorted by a Batcher network, up to size
// 256), updated per step by one branchless pass that removes the outgoing value and inserts the
// incoming one (compare, select, min, max), run on 16 lines at once in AVX-512 lanes or on 8 in
// AVX2/SSE lanes, as the CPU allows. Cost O(size) per output, with no branch that depends on the
// data: about 0.3 ms per axis for 1025 x 121 and size 31. The scratch space is kept between
// calls, so filtering matrices of the same shape again allocates nothing. Not thread-safe: use one
// object per thread.
class MedianFilter {
 public:
  explicit MedianFilter(const MedianFilterParams& params = {});
  // With a named SIMD kernel instead of the best one, for tests and benchmarks: one of
  // median_filter_kernels(); ParameterError naming the kernel when this CPU cannot run it.
  MedianFilter(const MedianFilterParams& params, const std::string& kernel);

  const MedianFilterParams& params() const { return params_; }

  // out = median_filter(x); out is resized to x's shape and may be x itself.
  void apply(const Matrix& x, Matrix& out);

 private:
  MedianFilterParams params_;
  int kernel_ = 0;                // index into the kernel table of median_filter.cc
  size_t width_ = 1;              // the first window's sorting network: width (power of 2 >= size),
  std::vector<uint16_t> network_; // and its comparators as pairs of positions (none past size 256)
  std::vector<size_t> source_;  // the line index each extended position reads
  std::vector<float> ext_;      // one block of reflected lines, interleaved: (n + size - 1) x lanes
  std::vector<float> window_;   // their sorted windows, interleaved: (width + 1) x lanes
  std::vector<float> medians_;  // n x lanes
};

// The SIMD kernels this CPU can run, fastest first: a subset of "avx512" (16 lanes), "avx2"
// (8 lanes), and "generic" (8 lanes, any CPU).
std::vector<std::string> median_filter_kernels();

// One-shot form of MedianFilter::apply.
Matrix median_filter(const Matrix& x, const MedianFilterParams& params = {});

}  // namespace ser::dsp
