// seremotion: linear prediction by the autocorrelation method, and the roots of its polynomial.
#pragma once

#include <complex>

namespace ser::dsp::voice {

// Linear prediction coefficients from autocorrelation values r[0..order] by the Levinson-Durbin
// recursion (Makhoul, "Linear prediction: a tutorial review", Proc. IEEE 63(4), 1975):
// a[0] = 1 and A(z) = sum_i a[i] z^-i minimises the prediction error, which is returned (0 when
// r[0] <= 0, a then being 1, 0, 0, ...). a holds order + 1 values.
double levinson_durbin(const double* r, int order, double* a);

// The `degree` complex roots of z^degree + c[1] z^(degree-1) + ... + c[degree] (c[0] = 1 is not
// read), by Laguerre's method with deflation and polishing on the full polynomial (Press et al.,
// Numerical Recipes, 3rd ed., sec. 9.5). Each root's search starts from guesses[i] when given
// (e.g. the previous frame's roots, which the next frame's are near: fewer iterations), else 0.
// Returns the number of roots found (degree unless an iteration diverged on a degenerate
// polynomial). degree in [1, 64].
int polynomial_roots(const double* c, int degree, std::complex<double>* roots,
                     const std::complex<double>* guesses = nullptr);

}  // namespace ser::dsp::voice
