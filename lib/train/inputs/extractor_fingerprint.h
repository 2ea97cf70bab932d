// seremotion: a fingerprint of what this build's feature code computes, for the feature cache.
//
// The cache files features under their FeatureSpec, but the code behind a spec changes from one
// version to the next (eGeMAPS's formants or shimmer, say): features cached by an older build would
// be read back as if this build had computed them, and a model trained on a mix of both. The
// fingerprint hashes the features this build computes for a fixed synthetic signal (a voice with
// vibrato, a pause, a burst of noise), so any change to what the extractor returns opens a fresh
// cache folder, with no version number to remember to bump.
#pragma once

#include <string>

#include "features/feature_spec.h"

namespace ser::train {

// 16 hex digits; the same for the same spec and build. Computed once per spec and process.
std::string extractor_fingerprint(const features::FeatureSpec& spec);

}  // namespace ser::train
