#include "dsp/median_filter.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <limits>
#include <string>

#include "common/error.h"

namespace ser::dsp {
namespace {

// The helpers below pass vectors by value; they are always inlined, so the ABI note GCC gives for
// such signatures outside AVX code does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

// L floats, loadable from any float address (GCC/Clang vector extension). The compiler lowers a
// vector wider than the target's registers to several registers, so each width runs everywhere;
// the clones below pick the width that fills the registers of the CPU.
template <size_t L>
struct Vec {
  typedef float type __attribute__((vector_size(4 * L), aligned(4), may_alias));
};

#define SER_INLINE inline __attribute__((always_inline))

template <size_t L>
SER_INLINE typename Vec<L>::type load(const float* p) { return *reinterpret_cast<const typename Vec<L>::type*>(p); }
template <size_t L>
SER_INLINE void store(float* p, typename Vec<L>::type v) { *reinterpret_cast<typename Vec<L>::type*>(p) = v; }
template <size_t L>
SER_INLINE typename Vec<L>::type splat(float v) { return typename Vec<L>::type{} + v; }

// The sliding median of L interleaved lines. ext holds `steps` = n + size - 1 reflected values
// per lane; med receives n = steps - size + 1 medians per lane. win is scratch for size + 1
// vectors: the sorted window and a +inf sentinel after it.
//
// Step j removes ext[j - size] (a +inf placeholder while the window fills) and inserts ext[j]:
//   after removal   A[i] = S[i] < out ? S[i] : S[i + 1]          (the sentinel feeds A[size - 1])
//   after insertion B[i] = max(min(A[i], in), A[i - 1])          (A[-1] = -inf)
// both in one ascending pass. Equal values are interchangeable, so ties need no care.
template <size_t L>
SER_INLINE void sliding_median(const float* ext, size_t steps, size_t size, size_t rank, float* win, float* med) {
  using V = typename Vec<L>::type;
  const V inf = splat<L>(std::numeric_limits<float>::infinity());
  const V neg_inf = splat<L>(-std::numeric_limits<float>::infinity());
  for (size_t i = 0; i <= size; ++i) store<L>(win + i * L, inf);
  for (size_t j = 0; j < steps; ++j) {
    const V in = load<L>(ext + j * L);
    const V out = j >= size ? load<L>(ext + (j - size) * L) : inf;
    V cur = load<L>(win);
    V prev = neg_inf;
#pragma GCC unroll 4
    for (size_t i = 0; i < size; ++i) {
      const V next = load<L>(win + (i + 1) * L);
      const V a = cur < out ? cur : next;
      const V low = a < in ? a : in;
      store<L>(win + i * L, low > prev ? low : prev);
      prev = a;
      cur = next;
    }
    if (j + 1 >= size) store<L>(med + (j + 1 - size) * L, load<L>(win + rank * L));
  }
}

using SlidingMedianFn = void (*)(const float*, size_t, size_t, size_t, float*, float*);

void sliding_median_generic(const float* ext, size_t steps, size_t size, size_t rank, float* win, float* med) {
  sliding_median<8>(ext, steps, size, rank, win, med);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void sliding_median_avx2(const float* ext, size_t steps, size_t size, size_t rank,
                                                         float* win, float* med) {
  sliding_median<8>(ext, steps, size, rank, win, med);
}
__attribute__((target("avx512f"))) void sliding_median_avx512(const float* ext, size_t steps, size_t size,
                                                              size_t rank, float* win, float* med) {
  sliding_median<16>(ext, steps, size, rank, win, med);
}
#endif

struct Kernel {
  const char* name;
  SlidingMedianFn run;
  size_t lanes;
  bool (*supported)();
};

bool always() { return true; }
#if defined(__x86_64__) || defined(__i386__)
bool has_avx512() { return __builtin_cpu_supports("avx512f"); }
bool has_avx2() { return __builtin_cpu_supports("avx2"); }
#endif

// Fastest first.
const Kernel kKernels[] = {
#if defined(__x86_64__) || defined(__i386__)
    {"avx512", sliding_median_avx512, 16, has_avx512},
    {"avx2", sliding_median_avx2, 8, has_avx2},
#endif
    {"generic", sliding_median_generic, 8, always},
};

int best_kernel() {
  static const int best = [] {
    int i = 0;
    while (!kKernels[i].supported()) ++i;  // "generic" always is
    return i;
  }();
  return best;
}

// Index of position p of a line of n values extended by half-sample symmetric reflection.
size_t reflect(long long p, long long n) {
  const long long period = 2 * n;
  long long m = p % period;
  if (m < 0) m += period;
  return static_cast<size_t>(m < n ? m : period - 1 - m);
}

// Copies lines first .. first + used - 1 of x, extended by `source`, into ext interleaved by
// lane; spare lanes repeat the last line.
void gather(const Matrix& x, bool along_rows, const std::vector<size_t>& source, size_t first, size_t used,
            size_t lanes, float* ext) {
  const size_t steps = source.size();
  if (along_rows) {
    for (size_t l = 0; l < lanes; ++l) {
      const float* row = x.row(first + std::min(l, used - 1));
      for (size_t j = 0; j < steps; ++j) ext[j * lanes + l] = row[source[j]];
    }
    return;
  }
  for (size_t j = 0; j < steps; ++j) {
    const float* src = x.row(source[j]) + first;
    float* dst = ext + j * lanes;
    std::copy(src, src + used, dst);
    std::fill(dst + used, dst + lanes, src[used - 1]);
  }
}

// Writes the medians of the used lanes back to lines first .. first + used - 1 of out.
void scatter(const float* med, bool along_rows, size_t first, size_t used, size_t lanes, Matrix& out) {
  const size_t n = along_rows ? out.cols() : out.rows();
  if (along_rows) {
    for (size_t l = 0; l < used; ++l) {
      float* row = out.row(first + l);
      for (size_t i = 0; i < n; ++i) row[i] = med[i * lanes + l];
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) std::copy(med + i * lanes, med + i * lanes + used, out.row(i) + first);
}

}  // namespace

void MedianFilterParams::validate() const {
  if (size < 1) throw ParameterError("median filter size must be >= 1 (got " + std::to_string(size) + ")");
  if (axis != 0 && axis != 1) {
    throw ParameterError("median filter axis must be 0 (along columns) or 1 (along rows) (got " +
                         std::to_string(axis) + ")");
  }
}

std::vector<std::string> median_filter_kernels() {
  std::vector<std::string> names;
  for (const Kernel& k : kKernels) {
    if (k.supported()) names.emplace_back(k.name);
  }
  return names;
}

MedianFilter::MedianFilter(const MedianFilterParams& params)
    : params_((params.validate(), params)), kernel_(best_kernel()) {}

MedianFilter::MedianFilter(const MedianFilterParams& params, const std::string& kernel) : MedianFilter(params) {
  kernel_ = -1;
  for (size_t i = 0; i < std::size(kKernels); ++i) {
    if (kernel == kKernels[i].name && kKernels[i].supported()) kernel_ = static_cast<int>(i);
  }
  if (kernel_ < 0) {
    std::string names;
    for (const auto& name : median_filter_kernels()) names += (names.empty() ? "" : ", ") + name;
    throw ParameterError("median filter kernel '" + kernel + "' is unknown or not supported by this CPU (use one of: " +
                         names + ")");
  }
}

void MedianFilter::apply(const Matrix& x, Matrix& out) {
  const Kernel& kernel = kKernels[kernel_];
  const size_t lanes = kernel.lanes;
  const size_t rows = x.rows();
  const size_t cols = x.cols();
  if (&out != &x) out.resize(rows, cols);
  if (x.empty()) return;

  const bool along_rows = params_.axis == 1;
  const size_t n = along_rows ? cols : rows;        // line length
  const size_t lines = along_rows ? rows : cols;
  const size_t size = static_cast<size_t>(params_.size);
  const long long left = params_.size / 2;
  const size_t steps = n + size - 1;
  ext_.resize(steps * lanes);
  window_.resize((size + 1) * lanes);
  medians_.resize(n * lanes);

  // The reflected positions are the same for every line; the modulo is costly, so make them once.
  source_.resize(steps);
  for (size_t j = 0; j < steps; ++j) source_[j] = reflect(static_cast<long long>(j) - left, static_cast<long long>(n));

  // Each block of lines is read whole into ext_ before any of it is written, so out may be x.
  for (size_t first = 0; first < lines; first += lanes) {
    const size_t used = std::min(lanes, lines - first);
    gather(x, along_rows, source_, first, used, lanes, ext_.data());
    kernel.run(ext_.data(), steps, size, size / 2, window_.data(), medians_.data());
    scatter(medians_.data(), along_rows, first, used, lanes, out);
  }
}

Matrix median_filter(const Matrix& x, const MedianFilterParams& params) {
  MedianFilter filter(params);
  Matrix out;
  filter.apply(x, out);
  return out;
}

}  // namespace ser::dsp
