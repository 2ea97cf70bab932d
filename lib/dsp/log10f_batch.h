// seremotion: log10 of many floats, with the bits of the C library's log10f.
#pragma once

#include <cstddef>

namespace ser::dsp {

// out[i] = log10f(x[i]) for i < n, bit for bit the value glibc's log10f returns (numpy's
// np.log10 on float32 calls it, so librosa.power_to_db's dB values are its bits); out may be x.
//
// glibc's log10f is fdlibm's: x = 2^k m with m in [1, 2), or in [0.5, 1) when k < 0 (then y = k + 1,
// else y = k), and log10(x) = (y log10(2)_lo + log(m) / ln(10)) + y log10(2)_hi in float
// arithmetic, with its logf for log(m). Here the reduction and the combination run on whole
// arrays (the compiler vectorises them) and only logf is called per value: about half the
// instructions. Zero, subnormal, negative, infinite and NaN inputs go through log10f itself.
// Checked against log10f on every one of the 2^32 floats (the same bits, NaNs as NaNs); the
// tests repeat that on a sample of them.
void log10f_batch(const float* x, size_t n, float* out);

}  // namespace ser::dsp
