// seremotion: real FFTs of one size with FFTW3 in single precision.
#pragma once

#include <complex>
#include <cstddef>

namespace ser::dsp {

// A forward (r2c) and inverse (c2r) real FFT of size n, as numpy.fft.rfft / irfft compute them
// except that the inverse is not normalised (it returns n times numpy's irfft, as FFTW does).
//
// The plans are made once, in the constructor, with FFTW_ESTIMATE so that every process picks
// the same algorithm and so computes the same bits (the trainer and the element must agree).
// FFTW's planner is not thread-safe; construction and destruction take a process-wide lock.
// Executing is thread-safe on distinct objects: each owns its aligned buffers.
//
// The buffers are exposed so that callers write the input in place (a windowed frame) and read
// the output in place, without a copy and without any allocation per transform.
class RealFft {
 public:
  explicit RealFft(int n);
  ~RealFft();
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;
  RealFft(RealFft&& other) noexcept;
  RealFft& operator=(RealFft&& other) noexcept;

  int size() const { return n_; }
  int n_bins() const { return n_ / 2 + 1; }

  // n real values: the input of forward(), the output of inverse().
  float* real() { return real_; }
  // n/2 + 1 complex values: the output of forward(), the input of inverse().
  std::complex<float>* spectrum() { return spectrum_; }

  // spectrum() = rfft(real()).
  void forward();
  // real() = n * irfft(spectrum()). Overwrites spectrum() (FFTW's c2r destroys its input).
  void inverse();

 private:
  void release();

  int n_ = 0;
  float* real_ = nullptr;
  std::complex<float>* spectrum_ = nullptr;
  void* forward_plan_ = nullptr;
  void* inverse_plan_ = nullptr;
};

}  // namespace ser::dsp
