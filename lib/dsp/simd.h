// seremotion: compiling a hot loop for the vector units the CPU has.
#pragma once

// SER_TARGET_CLONES before a function definition makes GCC build it for AVX-512, AVX2 and the
// baseline, and pick one when the program loads (an ifunc), so plain loops vectorise as wide as
// the CPU allows without -march. AVX-512 has fused multiply-adds; ser_core is built with
// -ffp-contract=off (lib/meson.build) so that a * b + c still rounds twice, as numpy does, and
// results are the same bits on every CPU.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define SER_TARGET_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SER_TARGET_CLONES
#endif

// SER_SHUFFLE(a, b, Mask, i...): the lanes i... of a followed by b (constant indices), one
// instruction: GCC's __builtin_shuffle with a Mask vector, or clang's __builtin_shufflevector (the
// sanitizer and fuzzing builds use clang, tools/sanitize.sh).
#if defined(__clang__)
#define SER_SHUFFLE(a, b, Mask, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#else
#define SER_SHUFFLE(a, b, Mask, ...) __builtin_shuffle(a, b, Mask{__VA_ARGS__})
#endif

namespace ser::simd {

// Eight floats and four doubles as one 256-bit vector (GCC's and clang's vector extension), loaded
// from any address aligned for their elements and allowed to alias the arrays they read: for loops
// whose partial sums must keep their order (the same bits as before) yet run side by side.
typedef float V8f __attribute__((vector_size(32), aligned(4), may_alias));
typedef double V4d __attribute__((vector_size(32), aligned(8), may_alias));

}  // namespace ser::simd
