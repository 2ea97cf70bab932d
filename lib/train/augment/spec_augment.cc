#include "train/augment/spec_augment.h"

#include <algorithm>

namespace ser::train {
namespace {

// [start, start + width) within [0, extent), drawn as the header says.
std::pair<size_t, size_t> draw_mask(size_t extent, int widest, data::Rng& rng) {
  const size_t width = rng.below(std::min(extent, static_cast<size_t>(widest)) + 1);
  const size_t start = rng.below(extent - width + 1);
  return {start, width};
}

}  // namespace

void spec_augment(float* window, size_t bands, size_t frames, const SpecAugmentParams& params, data::Rng& rng) {
  if (bands == 0 || frames == 0) return;
  for (int m = 0; m < params.time_masks; ++m) {
    const auto [t0, w] = draw_mask(frames, params.time_mask_frames, rng);
    for (size_t b = 0; b < bands; ++b) std::fill_n(window + b * frames + t0, w, 0.0f);
  }
  for (int m = 0; m < params.freq_masks; ++m) {
    const auto [f0, w] = draw_mask(bands, params.freq_mask_bands, rng);
    std::fill_n(window + f0 * frames, w * frames, 0.0f);
  }
}

}  // namespace ser::train
