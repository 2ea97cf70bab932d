// seremotion: the input normalisation a model is trained with, from its training windows alone.
#pragma once

#include "features/feature_spec.h"
#include "nn/model_info.h"
#include "train/inputs/example_set.h"

namespace ser::train {

// Mean and standard deviation (population, ddof = 0, accumulated in double) of the training
// windows, as nn::Normalization stores them: per element of the vector for vector specs, per band
// over every frame of every window for sequence specs (the Classifier applies them the same way).
// A feature that never varies gets std 1 instead of 0, so that it stays finite (and 0) after
// normalising. Computed on the training part only: the validation and test windows must not
// shape the model in any way. Throws ParameterError when the set is empty or a window's shape does
// not fit the spec.
nn::Normalization normalization_of(const ExampleSet& training, const features::FeatureSpec& spec);

}  // namespace ser::train
