#include "dsp/voice/lpc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/simd.h"

namespace ser::dsp::voice {
namespace {

using cd = std::complex<double>;

// |z| for the convergence tests, without the cost of hypot: max(|re|, |im|) is within a factor
// of sqrt(2) of it, which is all a stopping rule needs.
double magnitude(const cd& z) { return std::max(std::fabs(z.real()), std::fabs(z.imag())); }

// a / b without libgcc's overflow-careful complex division (the values here are tame).
cd divide(const cd& a, const cd& b) {
  const double n = b.real() * b.real() + b.imag() * b.imag();
  return {(a.real() * b.real() + a.imag() * b.imag()) / n, (a.imag() * b.real() - a.real() * b.imag()) / n};
}

// The principal square root without libm's csqrt (which calls hypot).
cd square_root(const cd& z) {
  const double m = std::sqrt(z.real() * z.real() + z.imag() * z.imag());
  const double re = std::sqrt(std::max(0.0, 0.5 * (m + z.real())));
  const double im = std::sqrt(std::max(0.0, 0.5 * (m - z.real())));
  return {re, std::signbit(z.imag()) ? -im : im};
}

// A complex number as a vector (re, im) (GCC's and Clang's vector extensions).
using V2d = double __attribute__((vector_size(16)));
using V2i = long long __attribute__((vector_size(16)));
V2d load(const cd& z) { return V2d{z.real(), z.imag()}; }
cd store(V2d v) { return {v[0], v[1]}; }
V2d swap(V2d v) { return SER_SHUFFLE(v, v, V2i, 1, 0); }
// x c, given xr = (re x, re x) and xi = (-im x, im x): (xr cr - xi ci, xr ci + xi cr), the
// operations of std::complex's product, so the bits are the same (std::complex also checks every
// product for NaN, and works a component at a time).
V2d times(V2d xr, V2d xi, V2d c) { return xr * c + xi * swap(c); }

// Laguerre iteration for one root of the polynomial a[0..m] (a[m] leading), from x.
bool laguerre(const cd* a, int m, cd& x, int max_iterations) {
  static const double kFractions[] = {0.5, 0.25, 0.75, 0.13, 0.38, 0.62, 0.88, 1.0};
  const double eps = std::numeric_limits<double>::epsilon();
  for (int iter = 1; iter <= max_iterations; ++iter) {
    // p(x) = b, p'(x) = d, p''(x) / 2 = f by Horner's rule, in vectors (times(): the same bits as
    // std::complex, at two thirds less cost).
    const V2d xr = {x.real(), x.real()}, xi = {-x.imag(), x.imag()};
    V2d b = load(a[m]), d = {0.0, 0.0}, f = {0.0, 0.0};
    double err = std::max(std::fabs(b[0]), std::fabs(b[1]));
    const double abx = magnitude(x);
    for (int j = m - 1; j >= 0; --j) {
      const V2d f1 = times(xr, xi, f) + d;
      const V2d d1 = times(xr, xi, d) + b;
      b = times(xr, xi, b) + load(a[j]);
      f = f1;
      d = d1;
      err = std::max(std::fabs(b[0]), std::fabs(b[1])) + abx * err;
    }
    err *= 2.0 * eps;
    if (magnitude(store(b)) <= err) return true;
    const cd g = divide(store(d), store(b)), g2 = g * g, h = g2 - 2.0 * divide(store(f), store(b));
    const cd sq = square_root(static_cast<double>(m - 1) * (static_cast<double>(m) * h - g2));
    cd gp = g + sq;
    const cd gm = g - sq;
    if (std::norm(gp) < std::norm(gm)) gp = gm;
    const cd dx = std::norm(gp) > 0.0 ? divide(static_cast<double>(m), gp)
                                      : (1.0 + abx) * cd(std::cos(double(iter)), std::sin(double(iter)));
    const cd x1 = x - dx;
    if (x == x1) return true;
    // Every 10th step moves by a fraction only, which breaks rare limit cycles.
    x = iter % 10 ? x1 : x - kFractions[(iter / 10) % 8] * dx;
  }
  return false;
}

}  // namespace

double levinson_durbin(const double* r, int order, double* a) {
  a[0] = 1.0;
  for (int i = 1; i <= order; ++i) a[i] = 0.0;
  if (!(r[0] > 0.0)) return 0.0;
  double err = r[0];
  double tmp[65];
  for (int i = 1; i <= order; ++i) {
    double acc = r[i];
    for (int j = 1; j < i; ++j) acc += a[j] * r[i - j];
    const double k = -acc / err;
    for (int j = 1; j < i; ++j) tmp[j] = a[j] + k * a[i - j];
    for (int j = 1; j < i; ++j) a[j] = tmp[j];
    a[i] = k;
    err *= 1.0 - k * k;
    if (!(err > 0.0)) return 0.0;
  }
  return err;
}

int polynomial_roots(const double* c, int degree, std::complex<double>* roots, const std::complex<double>* guesses) {
  if (degree < 1 || degree > 64) throw ParameterError("polynomial degree must lie in [1, 64] (got " + std::to_string(degree) + ")");
  cd full[65], work[65];
  // Ascending powers: full[j] is the coefficient of z^j.
  for (int j = 0; j <= degree; ++j) full[j] = work[j] = j == degree ? 1.0 : c[degree - j];
  int found = 0;
  for (int m = degree; m >= 1; --m) {
    cd x = guesses ? guesses[found] : 0.0;
    if (!laguerre(work, m, x, 80)) break;
    if (std::fabs(x.imag()) <= 2.0 * std::numeric_limits<double>::epsilon() * std::fabs(x.real())) x = x.real();
    roots[found++] = x;
    // Deflate: divide by (z - x).
    const V2d xr = {x.real(), x.real()}, xi = {-x.imag(), x.imag()};
    V2d b = load(work[m]);
    for (int j = m - 1; j >= 0; --j) {
      const V2d t = load(work[j]);
      work[j] = store(b);
      b = times(xr, xi, b) + t;
    }
  }
  for (int i = 0; i < found; ++i) laguerre(full, degree, roots[i], 1);
  return found;
}

}  // namespace ser::dsp::voice
