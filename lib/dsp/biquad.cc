#include "dsp/biquad.h"

#include <cmath>
#include <complex>
#include <string>

#include "common/error.h"

namespace ser::dsp {
namespace {

constexpr double kPi = 3.14159265358979323846;

void check(double rate, double freq, double q, const char* what) {
  if (!(rate > 0) || !(freq > 0) || !(freq < rate / 2) || !(q > 0)) {
    throw ParameterError(std::string(what) + ": freq must be in (0, rate/2) and q > 0 (got freq " +
                         std::to_string(freq) + " Hz at " + std::to_string(rate) + " Hz, q " + std::to_string(q) + ")");
  }
}

Biquad normalised(double b0, double b1, double b2, double a0, double a1, double a2) {
  return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

}  // namespace

Biquad Biquad::peaking(double rate, double freq, double gain_db, double q) {
  check(rate, freq, q, "peaking filter");
  const double a = std::pow(10.0, gain_db / 40.0);
  const double w = 2 * kPi * freq / rate, alpha = std::sin(w) / (2 * q), c = std::cos(w);
  return normalised(1 + alpha * a, -2 * c, 1 - alpha * a, 1 + alpha / a, -2 * c, 1 - alpha / a);
}

Biquad Biquad::lowpass(double rate, double freq, double q) {
  check(rate, freq, q, "low-pass filter");
  const double w = 2 * kPi * freq / rate, alpha = std::sin(w) / (2 * q), c = std::cos(w);
  return normalised((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

Biquad Biquad::highpass(double rate, double freq, double q) {
  check(rate, freq, q, "high-pass filter");
  const double w = 2 * kPi * freq / rate, alpha = std::sin(w) / (2 * q), c = std::cos(w);
  return normalised((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

void Biquad::apply(std::vector<float>& y) const {
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (float& v : y) {
    const double x = v;
    const double out = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = out;
    v = static_cast<float>(out);
  }
}

double Biquad::response_db(double rate, double freq) const {
  const std::complex<double> z1 = std::polar(1.0, -2 * kPi * freq / rate), z2 = z1 * z1;
  const std::complex<double> h = (b0 + b1 * z1 + b2 * z2) / (1.0 + a1 * z1 + a2 * z2);
  return 20 * std::log10(std::abs(h));
}

}  // namespace ser::dsp
