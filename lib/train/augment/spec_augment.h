// seremotion: SpecAugment's time and frequency masks (augmentation_params.h) on one window.
#pragma once

#include <cstddef>

#include "data/rng.h"
#include "train/augment/augmentation_params.h"

namespace ser::train {

// Masks a normalised sequence window in place (row-major, bands x frames): params.time_masks
// times, frames [t0, t0 + w) of every band set to 0, with w drawn uniformly from
// [0, min(time_mask_frames, frames)] and t0 from [0, frames - w]; then params.freq_masks times the
// same over bands. Masks may overlap. Draws from `rng` in that order, so a seeded generator gives
// the same masks everywhere.
void spec_augment(float* window, size_t bands, size_t frames, const SpecAugmentParams& params, data::Rng& rng);

}  // namespace ser::train
