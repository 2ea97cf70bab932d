// seremotion: exact order statistics of float arrays (the k-th smallest, numpy's median).
#pragma once

#include <cstddef>

#include "common/span.h"

namespace ser::dsp {

// The k-th smallest (0-based) of the values, k < values.size(), as std::nth_element would leave
// at position k. Radix selection on the values' bits (in an order-preserving form), from the top:
// 11, 11, then 10 bits, each digit read from a histogram of the values that share the digits above
// it. Three passes without a data-dependent branch, where nth_element's partitioning mispredicts
// about every other comparison. The values are not reordered. NaNs give unspecified results;
// -0 counts as below +0.
float select_smallest(Span<const float> values, size_t k);

// np.median of float32 values: the middle one, or the float32 mean of the middle two. values must
// not be empty.
float numpy_median(Span<const float> values);

}  // namespace ser::dsp
