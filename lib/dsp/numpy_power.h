// seremotion: x ** p as numpy evaluates it for an array and a Python number.
#pragma once

#include <cmath>

namespace ser::dsp {

// numpy's array ** scalar takes fast paths for the exponents 2, 1, 0.5, -1 and 0 (square, copy,
// sqrt, reciprocal, ones) and calls pow otherwise; the fast paths can differ from pow in the last
// bit, so code that must give numpy's bits goes through here.
template <typename T>
inline T numpy_power(T x, T p) {
  if (p == T(2)) return x * x;
  if (p == T(1)) return x;
  if (p == T(0.5)) return std::sqrt(x);
  if (p == T(-1)) return T(1) / x;
  if (p == T(0)) return T(1);
  return std::pow(x, p);
}

}  // namespace ser::dsp
