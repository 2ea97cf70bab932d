// seremotion: AdaptiveNorm, the normalisation that adapts to the speaker and the recording.
//
// Features carry the speaker and the channel (microphone, room, level) as much as the emotion. A
// model trained with each training speaker's features normalised by that speaker's own mean and
// spread learns what changes within a voice, not between voices; at run time the same is done with
// what has been heard of the stream, the batch of files or the speaker (FeatureStats). Heard
// statistics are trusted only as they accumulate: with n windows heard and a prior worth n0 windows
// (the statistics pooled over the training speakers),
//   w    = n / (n + n0)
//   mean = w mean_heard + (1 - w) mean_prior
//   var  = w var_heard  + (1 - w) var_prior
// per dimension (per band for sequence specs), so a short clip is normalised almost as a pooled
// training speaker and a long stream as itself. Training normalises each speaker with the same
// rule (each RAVDESS actor brings about 200 windows, so w is close to 1 there).
//
// The result is the affine map x -> (x - mean) / std applied to the features before the model's
// own input normalisation (nn::Normalization); combine() folds the two into one.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "features/feature_stats.h"

namespace ser::features {

struct AdaptiveNorm {
  std::vector<float> prior_mean;  // per dimension; empty: no adaptation (the model was trained without)
  std::vector<float> prior_std;   // per dimension, > 0
  double prior_windows = 30.0;    // n0: the prior's weight, in windows; > 0; default 30

  bool enabled() const { return !prior_mean.empty(); }
  size_t dim() const { return prior_mean.size(); }

  // The mean and standard deviation to normalise with after hearing `heard` (nullptr or empty:
  // the prior). A dimension whose blended spread is at rounding level keeps the prior's.
  // ParameterError when heard has another dimension.
  void current(const FeatureStats* heard, std::vector<float>& mean, std::vector<float>& std) const;

  // ParameterError (naming the field) unless both vectors have `dim` finite entries, std > 0, and
  // prior_windows is finite and > 0.
  void validate(size_t dim) const;
  nlohmann::json to_json() const;
  static AdaptiveNorm from_json(const nlohmann::json& j);
};

// The prior of a set of speakers: the mean of their means, and the square root of the mean of
// their variances (the spread within a speaker), per dimension. Every speaker counts the same,
// however much they said, unless `weights` (one per speaker, >= 0, not all 0) says otherwise.
// ParameterError when `speakers` is empty, the dimensions differ or the weights do not fit.
AdaptiveNorm prior_of(const std::vector<FeatureStats>& speakers, double prior_windows,
                      const std::vector<double>& weights = {});

// Rewrites `window` (1 x dim for vector specs, dim x frames for sequence specs) so that the
// prior's normalisation maps it where the normalisation after hearing `heard` maps the original:
// x -> m_p + s_p (x - m_h) / s_h, per dimension (per band for sequence specs). Windows adapted to
// different streams can then go through one forward of a model that normalises by its prior
// (the element's batches of several streams). ParameterError when the shape does not fit.
void in_prior_frame(const AdaptiveNorm& norm, const FeatureStats* heard, InputShape shape, Matrix& window);

// x -> ((x - m1) / s1 - m2) / s2 as one map x -> (x - m) / s: m = m1 + m2 s1, s = s1 s2.
void combine(const std::vector<float>& m1, const std::vector<float>& s1, const std::vector<float>& m2,
             const std::vector<float>& s2, std::vector<float>& m, std::vector<float>& s);

}  // namespace ser::features
