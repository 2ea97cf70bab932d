#include "dsp/median_filter.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>

#include "common/error.h"
#include "dsp/transpose.h"

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

constexpr int kMaxNetworkWidth = 256;
constexpr size_t kMaxLanes = 16;

// One block of L interleaved lines for the kernel.
struct Block {
  const float* ext;          // steps = n + size - 1 reflected values per lane
  size_t steps;
  size_t size;               // kernel length
  size_t rank;               // size / 2
  const uint16_t* network;   // sorting network: pairs of window positions; null for long kernels
  size_t comparators;
  size_t width;              // the network's width, a power of 2 >= size
  float* win;                // scratch for width + 1 vectors
  float* med;                // receives n = steps - size + 1 medians per lane
};

// The sliding median of L interleaved lines.
//
// The first window is sorted by a Batcher network (padded with +inf to its width), far fewer
// operations than filling it value by value. Then step j removes ext[j - size] and inserts ext[j]:
//   after removal   A[i] = S[i] < out ? S[i] : S[i + 1]          (a +inf sentinel feeds A[size - 1])
//   after insertion B[i] = max(min(A[i], in), A[i - 1])          (A[-1] = -inf)
// both in one ascending pass. Equal values are interchangeable, so ties need no care.
template <size_t L>
SER_INLINE void sliding_median(const Block& b) {
  using V = typename Vec<L>::type;
  const V inf = splat<L>(std::numeric_limits<float>::infinity());
  const V neg_inf = splat<L>(-std::numeric_limits<float>::infinity());
  float* win = b.win;
  auto step = [&](V in, V out) {
    V cur = load<L>(win);
    V prev = neg_inf;
#pragma GCC unroll 4
    for (size_t i = 0; i < b.size; ++i) {
      const V next = load<L>(win + (i + 1) * L);
      const V a = cur < out ? cur : next;
      const V low = a < in ? a : in;
      store<L>(win + i * L, low > prev ? low : prev);
      prev = a;
      cur = next;
    }
  };
  if (b.network) {
    for (size_t i = 0; i < b.size; ++i) store<L>(win + i * L, load<L>(b.ext + i * L));
    for (size_t i = b.size; i <= b.width; ++i) store<L>(win + i * L, inf);
    for (size_t c = 0; c < b.comparators; ++c) {
      float* lo = win + b.network[2 * c] * L;
      float* hi = win + b.network[2 * c + 1] * L;
      const V x = load<L>(lo);
      const V y = load<L>(hi);
      // Opposite comparisons, so that each of the two is one min or max instruction.
      store<L>(lo, x < y ? x : y);
      store<L>(hi, y < x ? x : y);
    }
  } else {  // long kernels: fill the window value by value, removing +inf placeholders
    for (size_t i = 0; i <= b.size; ++i) store<L>(win + i * L, inf);
    for (size_t j = 0; j < b.size; ++j) step(load<L>(b.ext + j * L), inf);
  }
  store<L>(b.med, load<L>(win + b.rank * L));
  for (size_t j = b.size; j < b.steps; ++j) {
    step(load<L>(b.ext + j * L), load<L>(b.ext + (j - b.size) * L));
    store<L>(b.med + (j + 1 - b.size) * L, load<L>(win + b.rank * L));
  }
}

using SlidingMedianFn = void (*)(const Block&);

void sliding_median_generic(const Block& b) { sliding_median<8>(b); }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void sliding_median_avx2(const Block& b) { sliding_median<8>(b); }
__attribute__((target("avx512f"))) void sliding_median_avx512(const Block& b) { sliding_median<16>(b); }
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

// Batcher's odd-even merge sort for `width` (a power of 2) values: pairs (i, j), i < j, after
// each of which position i holds the smaller value.
std::vector<uint16_t> odd_even_merge_network(size_t width) {
  std::vector<uint16_t> pairs;
  for (size_t p = 1; p < width; p <<= 1) {
    for (size_t k = p; k >= 1; k >>= 1) {
      for (size_t j = k % p; j + k < width; j += 2 * k) {
        for (size_t i = 0; i < std::min(k, width - j - k); ++i) {
          if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) {
            pairs.push_back(static_cast<uint16_t>(i + j));
            pairs.push_back(static_cast<uint16_t>(i + j + k));
          }
        }
      }
    }
  }
  return pairs;
}

// Index of position p of a line of n values extended by half-sample symmetric reflection.
size_t reflect(long long p, long long n) {
  const long long period = 2 * n;
  long long m = p % period;
  if (m < 0) m += period;
  return static_cast<size_t>(m < n ? m : period - 1 - m);
}

// dst[0 .. count) = src[0 .. count); a fixed count of 8 or 16 (one block's lanes) compiles to a few
// vector moves instead of a call to memmove.
void copy_lanes(const float* src, size_t count, float* dst) {
  if (count == 8) {
    std::memcpy(dst, src, 8 * sizeof(float));
  } else if (count == 16) {
    std::memcpy(dst, src, 16 * sizeof(float));
  } else {
    std::copy(src, src + count, dst);
  }
}

// Copies lines first .. first + used - 1 of x, extended by `source`, into ext interleaved by
// lane; spare lanes repeat the last line. `left` positions precede the line: source[j] = j - left
// inside it.
void gather(const Matrix& x, bool along_rows, const std::vector<size_t>& source, size_t left, size_t first,
            size_t used, size_t lanes, float* ext) {
  const size_t steps = source.size();
  if (along_rows) {
    // The lines are rows: one transpose puts the line inside ext, the reflected ends are copied
    // from it, position by position.
    const size_t n = x.cols();
    float* inside = ext + left * lanes;
    transpose(x.row(first), n, inside, lanes, used, n);
    if (used < lanes) {
      for (size_t i = 0; i < n; ++i) std::fill(inside + i * lanes + used, inside + (i + 1) * lanes, inside[i * lanes + used - 1]);
    }
    for (size_t j = 0; j < left; ++j) copy_lanes(inside + source[j] * lanes, lanes, ext + j * lanes);
    for (size_t j = left + n; j < steps; ++j) copy_lanes(inside + source[j] * lanes, lanes, ext + j * lanes);
    return;
  }
  for (size_t j = 0; j < steps; ++j) {
    const float* src = x.row(source[j]) + first;
    float* dst = ext + j * lanes;
    copy_lanes(src, used, dst);
    std::fill(dst + used, dst + lanes, src[used - 1]);
  }
}

// Writes the medians of the used lanes back to lines first .. first + used - 1 of out.
void scatter(const float* med, bool along_rows, size_t first, size_t used, size_t lanes, Matrix& out) {
  const size_t n = along_rows ? out.cols() : out.rows();
  if (along_rows) {
    transpose(med, lanes, out.row(first), n, n, used);
    return;
  }
  for (size_t i = 0; i < n; ++i) copy_lanes(med + i * lanes, used, out.row(i) + first);
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
    : params_((params.validate(), params)), kernel_(best_kernel()) {
  // The network has O(width log^2 width) comparators: worth it for HPSS-like kernels only.
  if (params.size <= kMaxNetworkWidth) {
    width_ = 1;
    while (width_ < static_cast<size_t>(params.size)) width_ <<= 1;
    network_ = odd_even_merge_network(width_);
  } else {
    width_ = static_cast<size_t>(params.size);
  }
}

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
  window_.resize((width_ + 1) * lanes);
  medians_.resize(n * lanes);

  // The reflected positions are the same for every line; the modulo is costly, so make them once.
  source_.resize(steps);
  for (size_t j = 0; j < steps; ++j) source_[j] = reflect(static_cast<long long>(j) - left, static_cast<long long>(n));

  // Each block of lines is read whole into ext_ before any of it is written, so out may be x.
  for (size_t first = 0; first < lines; first += lanes) {
    const size_t used = std::min(lanes, lines - first);
    gather(x, along_rows, source_, static_cast<size_t>(left), first, used, lanes, ext_.data());
    kernel.run({ext_.data(), steps, size, size / 2, network_.empty() ? nullptr : network_.data(), network_.size() / 2,
                width_, window_.data(), medians_.data()});
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
