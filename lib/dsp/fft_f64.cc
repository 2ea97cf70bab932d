#include "dsp/fft_f64.h"

#include <fftw3.h>

#include <mutex>
#include <string>

#include "common/error.h"

namespace ser::dsp {
namespace {

// The double-precision FFTW library has one planner of its own, which is not thread-safe.
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

void check_size(int n) {
  if (n <= 0) throw ParameterError("FFT size must be > 0 (got " + std::to_string(n) + ")");
}

}  // namespace

RealFftF64::RealFftF64(int n) : n_(n) {
  check_size(n);
  std::lock_guard<std::mutex> lock(planner_mutex());
  real_ = fftw_alloc_real(static_cast<size_t>(n));
  spectrum_ = reinterpret_cast<std::complex<double>*>(fftw_alloc_complex(static_cast<size_t>(n / 2 + 1)));
  if (real_ && spectrum_) {
    auto* spectrum = reinterpret_cast<fftw_complex*>(spectrum_);
    plan_ = fftw_plan_dft_r2c_1d(n, real_, spectrum, FFTW_ESTIMATE);
    inverse_plan_ = fftw_plan_dft_c2r_1d(n, spectrum, real_, FFTW_ESTIMATE);
  }
  if (!plan_ || !inverse_plan_) {
    if (plan_) fftw_destroy_plan(static_cast<fftw_plan>(plan_));
    if (inverse_plan_) fftw_destroy_plan(static_cast<fftw_plan>(inverse_plan_));
    fftw_free(real_);
    fftw_free(spectrum_);
    throw Error("FFTW could not plan a double-precision real FFT of size " + std::to_string(n));
  }
}

RealFftF64::~RealFftF64() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  fftw_destroy_plan(static_cast<fftw_plan>(plan_));
  fftw_destroy_plan(static_cast<fftw_plan>(inverse_plan_));
  fftw_free(real_);
  fftw_free(spectrum_);
}

void RealFftF64::forward() { fftw_execute(static_cast<fftw_plan>(plan_)); }

void RealFftF64::inverse() { fftw_execute(static_cast<fftw_plan>(inverse_plan_)); }

ComplexFftF64::ComplexFftF64(int n) : n_(n) {
  check_size(n);
  std::lock_guard<std::mutex> lock(planner_mutex());
  data_ = reinterpret_cast<std::complex<double>*>(fftw_alloc_complex(static_cast<size_t>(n)));
  if (data_) {
    auto* d = reinterpret_cast<fftw_complex*>(data_);
    plan_ = fftw_plan_dft_1d(n, d, d, FFTW_FORWARD, FFTW_ESTIMATE);
  }
  if (!plan_) {
    fftw_free(data_);
    throw Error("FFTW could not plan a double-precision complex FFT of size " + std::to_string(n));
  }
}

ComplexFftF64::~ComplexFftF64() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  fftw_destroy_plan(static_cast<fftw_plan>(plan_));
  fftw_free(data_);
}

void ComplexFftF64::forward() { fftw_execute(static_cast<fftw_plan>(plan_)); }

}  // namespace ser::dsp
