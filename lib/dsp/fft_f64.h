// seremotion: FFTs of one size with FFTW3 in double precision, as numpy.fft computes them.
#pragma once

#include <complex>
#include <cstddef>

namespace ser::dsp {

// numpy.fft computes in float64 even for float32 input (pocketfft); where librosa's results
// depend on that (quiet bins of an STFT, the CQT filter bank), these reproduce it. Plans are made
// once, with FFTW_ESTIMATE so every process computes the same bits; the FFTW planner is guarded
// by a process-wide lock. Executing is thread-safe on distinct objects. The buffers are exposed
// for in-place use, as in RealFft (fft.h).

// Real FFT of size n: forward() sets spectrum() = numpy.fft.rfft(real()), n/2 + 1 bins;
// inverse() sets real() = n numpy.fft.irfft(spectrum()) (unnormalised, as FFTW) and overwrites
// spectrum().
class RealFftF64 {
 public:
  explicit RealFftF64(int n);
  ~RealFftF64();
  RealFftF64(const RealFftF64&) = delete;
  RealFftF64& operator=(const RealFftF64&) = delete;

  int size() const { return n_; }
  double* real() { return real_; }
  std::complex<double>* spectrum() { return spectrum_; }
  void forward();
  void inverse();

 private:
  int n_ = 0;
  double* real_ = nullptr;
  std::complex<double>* spectrum_ = nullptr;
  void* plan_ = nullptr;
  void* inverse_plan_ = nullptr;
};

// Forward complex FFT of size n, in place: data() = numpy.fft.fft(data()).
class ComplexFftF64 {
 public:
  explicit ComplexFftF64(int n);
  ~ComplexFftF64();
  ComplexFftF64(const ComplexFftF64&) = delete;
  ComplexFftF64& operator=(const ComplexFftF64&) = delete;

  int size() const { return n_; }
  std::complex<double>* data() { return data_; }
  void forward();

 private:
  int n_ = 0;
  std::complex<double>* data_ = nullptr;
  void* plan_ = nullptr;
};

}  // namespace ser::dsp
