// seremotion: voices moved across genders in feature space, a training augmentation.
//
// Without any knowledge of the speaker (a short clip, a stream's first windows), the features still
// carry the voice's register: women speak about an octave higher than men, with higher formants,
// and a model reads a man's neutral voice as calm or sad and a woman's as aroused. A corpus of one
// gender (many are) then gets one bias on every file. The swap adds, for every training file the
// network sees without its speaker's statistics, a copy moved by the difference between the
// genders: a man's file plus the mean female voice minus the mean male voice, a woman's minus it.
// Every emotion is then seen at both registers, so what separates the genders alone no longer
// separates the emotions. The difference is taken over the training speakers, each weighing the
// same within its gender, in the units the network reads (train_part: the raw features, or the
// prior's normalisation under mixed adaptation).
#pragma once

#include <vector>

#include "features/feature_spec.h"
#include "train/runs/training_run.h"

namespace ser::train {

// The mean over female speakers of their mean features minus the same over male speakers, per
// dimension (per band for sequence specs), over `training` (indices into data). Files of unknown
// gender are left out. ParameterError, naming the fix, when either gender has no speaker there.
std::vector<float> gender_offset(const PreparedData& data, const std::vector<size_t>& training,
                                 const features::FeatureSpec& spec);

// `file` with `sign` times `offset` added to every value (per element for vector specs, per band
// for sequence specs).
FileFeatures shifted(const FileFeatures& file, const std::vector<float>& offset, float sign,
                     features::InputShape shape);

}  // namespace ser::train
