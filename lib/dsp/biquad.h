// seremotion: second-order IIR filters (biquads) from Robert Bristow-Johnson's "Cookbook formulae
// for audio EQ biquad filter coefficients" (the W3C Audio EQ Cookbook): a peaking equaliser and
// Butterworth-like (Q = 1/sqrt(2)) low- and high-pass filters. Used to give training audio the
// colouring of other microphones and channels (train/audio_augmentation.h).
//
//   y[n] = (b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]),  coefficients divided by a0.
// Direct form I, accumulated in double, state starting at rest.
#pragma once

#include <vector>

namespace ser::dsp {

struct Biquad {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;  // normalised by a0

  // Peaking EQ at `freq` Hz (0 < freq < rate / 2), `gain_db` (boost > 0, cut < 0), quality q > 0.
  static Biquad peaking(double rate, double freq, double gain_db, double q);
  // Low-pass and high-pass at `freq` Hz (0 < freq < rate / 2), quality q > 0 (1/sqrt(2): Butterworth).
  static Biquad lowpass(double rate, double freq, double q = 0.7071067811865476);
  static Biquad highpass(double rate, double freq, double q = 0.7071067811865476);

  // Filters y in place. ParameterError-free: the constructors check their arguments.
  void apply(std::vector<float>& y) const;
  // |H(e^{j 2 pi f / rate})| in dB, for tests and plots.
  double response_db(double rate, double freq) const;
};

}  // namespace ser::dsp
