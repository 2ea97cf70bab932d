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

// A polynomial's value b = p(x), its derivative d = p'(x), f = p''(x) / 2, and err, the bound
// on b's rounding error before the factor 2 eps (Numerical Recipes' laguer).
struct Values {
  cd b, d, f;
  double err;
};

// The Values of the polynomial a[0..m] (a[m] leading) at x[0..R) by Horner's rule, in vectors
// (times(): the same bits as std::complex, at two thirds less cost). The R points run side by side,
// so that their chains of operations overlap; each point's operations are those of one alone.
template <int R>
[[gnu::always_inline]] inline void evaluate(const cd* a, int m, const cd* x, Values* out) {
  V2d xr[R], xi[R], b[R], d[R], f[R];
  double err[R], abx[R];
  for (int r = 0; r < R; ++r) {
    xr[r] = V2d{x[r].real(), x[r].real()};
    xi[r] = V2d{-x[r].imag(), x[r].imag()};
    b[r] = load(a[m]);
    d[r] = f[r] = V2d{0.0, 0.0};
    err[r] = std::max(std::fabs(b[r][0]), std::fabs(b[r][1]));
    abx[r] = magnitude(x[r]);
  }
  for (int j = m - 1; j >= 0; --j) {
    const V2d aj = load(a[j]);
    for (int r = 0; r < R; ++r) {
      const V2d f1 = times(xr[r], xi[r], f[r]) + d[r];
      const V2d d1 = times(xr[r], xi[r], d[r]) + b[r];
      b[r] = times(xr[r], xi[r], b[r]) + aj;
      f[r] = f1;
      d[r] = d1;
      err[r] = std::max(std::fabs(b[r][0]), std::fabs(b[r][1])) + abx[r] * err[r];
    }
  }
  for (int r = 0; r < R; ++r) out[r] = {store(b[r]), store(d[r]), store(f[r]), err[r]};
}

// Laguerre's step number `iter` from x, given the polynomial's Values there (degree m): false
// when x is a root to rounding (|p(x)| within the error bound, or the step no longer moves it),
// else x moves and true.
bool laguerre_step(int m, int iter, const Values& v, cd& x) {
  static const double kFractions[] = {0.5, 0.25, 0.75, 0.13, 0.38, 0.62, 0.88, 1.0};
  const double err = v.err * (2.0 * std::numeric_limits<double>::epsilon());
  if (magnitude(v.b) <= err) return false;
  const cd g = divide(v.d, v.b), g2 = g * g, h = g2 - 2.0 * divide(v.f, v.b);
  const cd sq = square_root(static_cast<double>(m - 1) * (static_cast<double>(m) * h - g2));
  cd gp = g + sq;
  const cd gm = g - sq;
  if (std::norm(gp) < std::norm(gm)) gp = gm;
  const cd dx = std::norm(gp) > 0.0 ? divide(static_cast<double>(m), gp)
                                    : (1.0 + magnitude(x)) * cd(std::cos(double(iter)), std::sin(double(iter)));
  const cd x1 = x - dx;
  if (x == x1) return false;
  // Every 10th step moves by a fraction only, which breaks rare limit cycles.
  x = iter % 10 ? x1 : x - kFractions[(iter / 10) % 8] * dx;
  return true;
}

// Laguerre iteration for one root of the polynomial a[0..m] (a[m] leading), from x.
bool laguerre(const cd* a, int m, cd& x, int max_iterations) {
  for (int iter = 1; iter <= max_iterations; ++iter) {
    Values v;
    evaluate<1>(a, m, &x, &v);
    if (!laguerre_step(m, iter, v, x)) return true;
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
  // Polish each root by one step on the full polynomial; the roots are independent, so two at a
  // time (evaluate() side by side), each as laguerre(full, degree, root, 1) would.
  int i = 0;
  for (; i + 2 <= found; i += 2) {
    Values v[2];
    evaluate<2>(full, degree, roots + i, v);
    laguerre_step(degree, 1, v[0], roots[i]);
    laguerre_step(degree, 1, v[1], roots[i + 1]);
  }
  for (; i < found; ++i) laguerre(full, degree, roots[i], 1);
  return found;
}

}  // namespace ser::dsp::voice
