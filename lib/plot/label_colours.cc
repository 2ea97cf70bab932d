#include "plot/label_colours.h"

#include <cstdint>

namespace ser::plot {
namespace {

Rgb hex(unsigned v) { return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0}; }

struct Named {
  const char* label;
  unsigned colour;
};

constexpr Named kMuted[] = {
    {"neutral", 0x88ccee}, {"calm", 0x44aa99},    {"happy", 0xddcc77},     {"sad", 0x332288},   {"angry", 0xcc6677},
    {"fearful", 0x882255}, {"disgust", 0x117733}, {"surprised", 0xaa4499}, {"boredom", 0x999933},
};

// Tol's "light" scheme, for the labels above did not name.
constexpr unsigned kLight[] = {0x77aadd, 0x99ddff, 0x44bb99, 0xbbcc33, 0xaaaa00, 0xeedd88, 0xee8866, 0xffaabb};

uint32_t fnv1a(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

Rgb label_colour(const std::string& label) {
  for (const Named& n : kMuted) {
    if (label == n.label) return hex(n.colour);
  }
  return hex(kLight[fnv1a(label) % (sizeof kLight / sizeof kLight[0])]);
}

}  // namespace ser::plot
