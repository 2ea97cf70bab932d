#include "dsp/median_filter.h"

#include <algorithm>
#include <array>
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

// Batcher's odd-even merge sort for `width` (a power of 2) values: calls emit(i, j), i < j, for
// each comparator in order, after which position i holds the smaller value. Usable in constant
// expressions (the fixed-size kernel below builds its networks at compile time).
template <typename Emit>
constexpr void odd_even_merge_pairs(size_t width, Emit&& emit) {
  for (size_t p = 1; p < width; p <<= 1) {
    for (size_t k = p; k >= 1; k >>= 1) {
      for (size_t j = k % p; j + k < width; j += 2 * k) {
        for (size_t i = 0; i < std::min(k, width - j - k); ++i) {
          if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) emit(i + j, i + j + k);
        }
      }
    }
  }
}

// A sorting network fixed at compile time: at most 256 comparators on at most 64 positions.
struct FixedNetwork {
  std::array<uint8_t, 512> pairs{};
  size_t size = 0;
};

// The comparators of Batcher's network for the power of 2 >= n that act within the first n
// positions (with +inf in the others, every comparator that reaches them is a no-op), and of
// those only the ones that lead to outputs [lo, hi): going backwards, a comparator is kept when
// it writes a position still needed, and then needs both its inputs.
constexpr FixedNetwork fixed_network(size_t n, size_t lo, size_t hi) {
  size_t width = 1;
  while (width < n) width <<= 1;
  FixedNetwork all;
  odd_even_merge_pairs(width, [&](size_t i, size_t j) {
    if (j >= n) return;
    all.pairs[2 * all.size] = static_cast<uint8_t>(i);
    all.pairs[2 * all.size + 1] = static_cast<uint8_t>(j);
    ++all.size;
  });
  bool needed[64] = {};
  for (size_t p = lo; p < hi; ++p) needed[p] = true;
  bool keep[256] = {};
  for (size_t c = all.size; c-- > 0;) {
    const size_t i = all.pairs[2 * c], j = all.pairs[2 * c + 1];
    if (needed[i] || needed[j]) keep[c] = needed[i] = needed[j] = true;
  }
  FixedNetwork kept;
  for (size_t c = 0; c < all.size; ++c) {
    if (!keep[c]) continue;
    kept.pairs[2 * kept.size] = all.pairs[2 * c];
    kept.pairs[2 * kept.size + 1] = all.pairs[2 * c + 1];
    ++kept.size;
  }
  return kept;
}

// The medians of L interleaved lines for kernel length Size (librosa's HPSS: 31), B outputs at a
// time, everything in vector registers: the loops run over compile-time bounds and are unrolled.
// The B windows of a block share a core of Size - B + 1 values, sorted once by a network; each
// window is the core and a side window of B - 1 values, which slides from one output to the next
// (as in sliding_median, over B - 1 values instead of Size). The median, of rank r in the window,
// is the k = r + 1st smallest of the two sorted sets, core A and side S:
//   min over the splits i of max(A[i - 1], S[k - 1 - i])      (an index -1 standing for -inf),
// since the k smallest are A's i smallest and S's k - i smallest for some i, and any other split
// takes a larger value. Only A[split_lo - 1 .. split_hi - 1] are read, so the core's network is
// pruned to them. For Size 31 and B = 8: 122 comparators per 8 outputs, 7 positions to slide and
// 8 splits per output, against 31 positions to slide; about twice as fast with AVX-512.
template <size_t L, size_t Size>
SER_INLINE void fixed_size_median(const Block& b) {
  using V = typename Vec<L>::type;
  constexpr size_t kB = 8, kSide = kB - 1, kCore = Size - kSide, kK = Size / 2 + 1;
  constexpr size_t kSplitLo = kK > kSide ? kK - kSide : 0, kSplitHi = kK < kCore ? kK : kCore;
  static constexpr FixedNetwork kCoreNetwork = fixed_network(kCore, kSplitLo > 0 ? kSplitLo - 1 : 0, kSplitHi);
  static constexpr FixedNetwork kSideNetwork = fixed_network(kSide, 0, kSide);
  const V inf = splat<L>(std::numeric_limits<float>::infinity());
  const V neg_inf = splat<L>(-std::numeric_limits<float>::infinity());
  const size_t outputs = b.steps - Size + 1;
  for (size_t o0 = 0; o0 < outputs; o0 += kB) {
    // The window of output o is ext[o .. o + Size): the core is ext[o0 + B - 1 .. o0 + Size), the
    // side ext[o0 + j .. o0 + B - 1) and ext[o0 + Size .. o0 + Size + j) for output o0 + j.
    V core[kCore];
#pragma GCC unroll 64
    for (size_t i = 0; i < kCore; ++i) core[i] = load<L>(b.ext + (o0 + kSide + i) * L);
#pragma GCC unroll 256
    for (size_t c = 0; c < kCoreNetwork.size; ++c) {
      const size_t i = kCoreNetwork.pairs[2 * c], j = kCoreNetwork.pairs[2 * c + 1];
      const V x = core[i], y = core[j];
      core[i] = x < y ? x : y;  // opposite comparisons: one min and one max instruction
      core[j] = y < x ? x : y;
    }
    V side[kSide + 1];
#pragma GCC unroll 64
    for (size_t i = 0; i < kSide; ++i) side[i] = load<L>(b.ext + (o0 + i) * L);
    side[kSide] = inf;
#pragma GCC unroll 64
    for (size_t c = 0; c < kSideNetwork.size; ++c) {
      const size_t i = kSideNetwork.pairs[2 * c], j = kSideNetwork.pairs[2 * c + 1];
      const V x = side[i], y = side[j];
      side[i] = x < y ? x : y;
      side[j] = y < x ? x : y;
    }
    const size_t count = std::min(kB, outputs - o0);
    for (size_t j = 0; j < count; ++j) {
      V median = inf;
#pragma GCC unroll 64
      for (size_t i = kSplitLo; i <= kSplitHi; ++i) {
        const V a = i > 0 ? core[i - 1] : neg_inf;
        const V s = i < kK ? side[kK - 1 - i] : neg_inf;
        const V top = s < a ? a : s;
        median = top < median ? top : median;
      }
      store<L>(b.med + (o0 + j) * L, median);
      if (j + 1 == count) break;
      // Slide the side window: out ext[o0 + j], in ext[o0 + Size + j] (see slide() below).
      const V in = load<L>(b.ext + (o0 + Size + j) * L);
      const V out = load<L>(b.ext + (o0 + j) * L);
      V prev = neg_inf;
#pragma GCC unroll 64
      for (size_t i = 0; i < kSide; ++i) {
        const V a = side[i] < out ? side[i] : side[i + 1];
        const V low = a < in ? a : in;
        side[i] = low > prev ? low : prev;
        prev = a;
      }
    }
  }
}

// The sliding median of L interleaved lines.
//
// The first window is sorted by a Batcher network (padded with +inf to its width), far fewer
// operations than filling it value by value. Then step j removes ext[j - size] and inserts ext[j]:
//   after removal   A[i] = S[i] < out ? S[i] : S[i + 1]          (a +inf sentinel feeds A[size - 1])
//   after insertion B[i] = max(min(A[i], in), A[i - 1])          (A[-1] = -inf)
// both in one ascending pass. Equal values are interchangeable, so ties need no care.
template <size_t L>
SER_INLINE void sliding_median(const Block& b) {
  if (b.size == 31) {
    fixed_size_median<L, 31>(b);
    return;
  }
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

std::vector<uint16_t> odd_even_merge_network(size_t width) {
  std::vector<uint16_t> pairs;
  odd_even_merge_pairs(width, [&](size_t i, size_t j) {
    pairs.push_back(static_cast<uint16_t>(i));
    pairs.push_back(static_cast<uint16_t>(j));
  });
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
