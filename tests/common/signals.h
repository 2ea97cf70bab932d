// Tests: synthetic signals with known content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ser::test {

// amplitude sin(2 pi freq i / sr), i = 0 .. n - 1, computed in double and stored as float.
std::vector<float> sine(size_t n, double freq, double sr, double amplitude);

// Noise of n samples with a flat (white), 1/f (pink) or 1/f^2 (brown) power spectrum, scaled to
// an RMS of `rms_dbfs` dBFS; the same `seed` gives the same samples. Pink is Paul Kellet's
// filter of white noise, brown a leaky integral of it.
enum class NoiseColour { White, Pink, Brown };
std::vector<float> noise(size_t n, NoiseColour colour, double rms_dbfs, std::uint32_t seed);

// `y` scaled so that its RMS is `rms_dbfs` dBFS (left as is when it is all zeros).
void scale_to_dbfs(std::vector<float>& y, double rms_dbfs);

// A steady vowel: the harmonics k f0 below sr / 2 with amplitude 1/k, each weighted by the response
// of two-pole resonators at `formants` (Hz, 80 Hz bandwidth) when given, scaled so that the
// largest |sample| is `amplitude`.
std::vector<float> vowel(size_t n, double f0, double sr, double amplitude, const std::vector<double>& formants = {});

// Uniform white noise in [-amplitude, amplitude] from a fixed seed.
std::vector<float> white_noise(size_t n, double amplitude, unsigned seed = 1);

}  // namespace ser::test
