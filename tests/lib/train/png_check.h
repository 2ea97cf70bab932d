// Tests of lib/train: what a written PNG holds, read back with cairo.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>

namespace ser::train::test {

struct PngFacts {
  bool readable = false;
  std::string error;          // cairo's reason when not readable
  int width = 0;
  int height = 0;
  double grey_variance = 0.0;  // variance of the pixels' grey level (0..255): 0 for a blank image
  double dark_share = 0.0;     // share of pixels darker than mid-grey (text, lines, dark cells)
};

inline PngFacts read_png(const std::string& path) {
  PngFacts f;
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    f.error = cairo_status_to_string(cairo_surface_status(s));
    cairo_surface_destroy(s);
    return f;
  }
  f.readable = true;
  f.width = cairo_image_surface_get_width(s);
  f.height = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  double sum = 0.0, squares = 0.0;
  int64_t dark = 0;
  for (int y = 0; y < f.height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < f.width; ++x) {
      const uint32_t p = row[x];  // ARGB32 or RGB24, native-endian: blue in the low byte
      const double grey = (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3.0;
      sum += grey;
      squares += grey * grey;
      dark += grey < 128.0;
    }
  }
  const double n = static_cast<double>(f.width) * f.height;
  f.grey_variance = squares / n - (sum / n) * (sum / n);
  f.dark_share = static_cast<double>(dark) / n;
  cairo_surface_destroy(s);
  return f;
}

}  // namespace ser::train::test
