// Tests that look at pictures: pixels of 32-bit native-endian images (cairo's RGB24 and ARGB32,
// GStreamer's BGRx and BGRA on little-endian machines: blue in the low byte), counted by colour.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace ser::test {

struct Pixels {
  const unsigned char* data = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;  // bytes per row

  uint32_t at(int x, int y) const {
    return reinterpret_cast<const uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride)[x];
  }
};

// A colour as 8-bit channels, from components in [0, 1] (lib/plot's Rgb) or a pixel.
struct Rgb8 {
  int r = 0, g = 0, b = 0;
};
inline Rgb8 rgb8(double r, double g, double b) {
  return {static_cast<int>(std::lround(r * 255.0)), static_cast<int>(std::lround(g * 255.0)),
          static_cast<int>(std::lround(b * 255.0))};
}
inline Rgb8 rgb8_of(uint32_t p) {
  return {static_cast<int>((p >> 16) & 0xff), static_cast<int>((p >> 8) & 0xff), static_cast<int>(p & 0xff)};
}
inline bool same_colour(Rgb8 a, Rgb8 b, int tolerance = 2) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

// Pixels of `colour` in the rectangle [x0, x1) x [y0, y1), clipped to the image.
inline int count_colour(const Pixels& img, Rgb8 colour, int x0, int y0, int x1, int y1, int tolerance = 2) {
  x0 = std::max(x0, 0);
  y0 = std::max(y0, 0);
  x1 = std::min(x1, img.width);
  y1 = std::min(y1, img.height);
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) n += same_colour(rgb8_of(img.at(x, y)), colour, tolerance);
  }
  return n;
}

// Distinct colours in the rectangle: a blank area has one.
inline int distinct_colours(const Pixels& img, int x0, int y0, int x1, int y1) {
  x0 = std::max(x0, 0);
  y0 = std::max(y0, 0);
  x1 = std::min(x1, img.width);
  y1 = std::min(y1, img.height);
  std::vector<uint32_t> seen;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const uint32_t p = img.at(x, y) & 0xffffff;
      if (std::find(seen.begin(), seen.end(), p) == seen.end()) seen.push_back(p);
      if (seen.size() > 64) return static_cast<int>(seen.size());
    }
  }
  return static_cast<int>(seen.size());
}

}  // namespace ser::test
