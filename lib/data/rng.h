// seremotion: a small seeded random number generator whose output is the same on every platform.
//
// The standard library's engines are portable but std::shuffle and the std::*_distribution
// classes are not: their algorithms are left to the implementation, so the same seed gives other
// folds with libstdc++, libc++ and MSVC. Folds must be reproducible from a seed written in a
// report, so they use this instead:
//   xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM
//   TOMS 47(4), 2021; prng.di.unimi.it), its state filled from the seed by splitmix64
//   (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), as the
//   authors recommend;
//   uniform integers below n by rejection (no modulo bias);
//   Fisher-Yates shuffle (Knuth, TAOCP vol. 2, algorithm 3.4.2P), from the last element down.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace ser::data {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // The next 64 random bits.
  uint64_t next();
  // Uniform in [0, n); n must be > 0 (0 gives 0).
  uint64_t below(uint64_t n);

  // Fisher-Yates: for i = size-1 down to 1, swap v[i] with v[below(i + 1)].
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) {
      using std::swap;
      swap(v[i - 1], v[static_cast<size_t>(below(i))]);
    }
  }

 private:
  uint64_t s_[4];
};

// A uniform double in [0, 1) from the top 53 bits of rng's next draw.
double uniform01(Rng& rng);

}  // namespace ser::data
