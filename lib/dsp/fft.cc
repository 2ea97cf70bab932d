#include "dsp/fft.h"

#include <fftw3.h>

#include <mutex>
#include <string>
#include <utility>

#include "common/error.h"

namespace ser::dsp {
namespace {

std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

RealFft::RealFft(int n) : n_(n) {
  if (n <= 0) throw ParameterError("FFT size must be > 0 (got " + std::to_string(n) + ")");
  std::lock_guard<std::mutex> lock(planner_mutex());
  real_ = fftwf_alloc_real(static_cast<size_t>(n));
  spectrum_ = reinterpret_cast<std::complex<float>*>(fftwf_alloc_complex(static_cast<size_t>(n_bins())));
  if (!real_ || !spectrum_) {
    release();
    throw Error("out of memory for an FFT of size " + std::to_string(n));
  }
  auto* spec = reinterpret_cast<fftwf_complex*>(spectrum_);
  forward_plan_ = fftwf_plan_dft_r2c_1d(n, real_, spec, FFTW_ESTIMATE);
  inverse_plan_ = fftwf_plan_dft_c2r_1d(n, spec, real_, FFTW_ESTIMATE);
  if (!forward_plan_ || !inverse_plan_) {
    release();
    throw Error("FFTW could not plan an FFT of size " + std::to_string(n));
  }
}

RealFft::~RealFft() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  release();
}

RealFft::RealFft(RealFft&& other) noexcept
    : n_(other.n_),
      real_(std::exchange(other.real_, nullptr)),
      spectrum_(std::exchange(other.spectrum_, nullptr)),
      forward_plan_(std::exchange(other.forward_plan_, nullptr)),
      inverse_plan_(std::exchange(other.inverse_plan_, nullptr)) {}

RealFft& RealFft::operator=(RealFft&& other) noexcept {
  if (this != &other) {
    {
      std::lock_guard<std::mutex> lock(planner_mutex());
      release();
    }
    n_ = other.n_;
    real_ = std::exchange(other.real_, nullptr);
    spectrum_ = std::exchange(other.spectrum_, nullptr);
    forward_plan_ = std::exchange(other.forward_plan_, nullptr);
    inverse_plan_ = std::exchange(other.inverse_plan_, nullptr);
  }
  return *this;
}

void RealFft::release() {
  if (forward_plan_) fftwf_destroy_plan(static_cast<fftwf_plan>(forward_plan_));
  if (inverse_plan_) fftwf_destroy_plan(static_cast<fftwf_plan>(inverse_plan_));
  fftwf_free(real_);
  fftwf_free(spectrum_);
  forward_plan_ = inverse_plan_ = nullptr;
  real_ = nullptr;
  spectrum_ = nullptr;
}

void RealFft::forward() { fftwf_execute(static_cast<fftwf_plan>(forward_plan_)); }

void RealFft::inverse() { fftwf_execute(static_cast<fftwf_plan>(inverse_plan_)); }

}  // namespace ser::dsp
