// seremotion (internal to lib/train: includes libtorch): mixup of a training batch.
//
// mixup (Zhang, Cisse, Dauphin & Lopez-Paz, "mixup: Beyond Empirical Risk Minimization", ICLR
// 2018) trains on convex combinations of pairs of examples and of their targets: with
// lambda ~ Beta(alpha, alpha) drawn once per batch and the batch paired with a shuffle of itself,
//   x~ = lambda x_i + (1 - lambda) x_j,   loss = lambda w_i CE(x~, y_i) + (1 - lambda) w_j CE(x~, y_j)
// (w: each window's weight, class or corpus balance), as a weighted mean over the batch. Between
// the training examples the network is asked for a linear blend rather than a confident answer,
// which is the behaviour wanted between corpora and speakers it never saw. The pairs' loss is
// written as one soft target per window, t = (lambda w_i e_yi + (1 - lambda) w_j e_yj) / w~, with
// w~ = lambda w_i + (1 - lambda) w_j, so that cross-entropy with probability targets, weighted by
// w~, is exactly the sum above (and the data-parallel loss needs nothing of its own).
#pragma once

#include <torch/types.h>

#include "data/rng.h"

namespace ser::train {

struct MixedBatch {
  torch::Tensor x;        // the mixed windows, x's shape
  torch::Tensor targets;  // batch x classes, each row a probability vector
  torch::Tensor weights;  // batch: each mixed window's weight, w~ above
};

// A draw of Beta(alpha, alpha), alpha in (0, 4] (Johnk's method: exact for any alpha, quick for
// the small ones mixup takes). ParameterError for alpha <= 0 or NaN.
double symmetric_beta(double alpha, data::Rng& rng);

// The batch (x, class indices y, weights w: one per window, or undefined for 1 each) mixed with a
// shuffle of itself drawn from rng, over n_classes classes. lambda is drawn from Beta(alpha,
// alpha) and taken as max(lambda, 1 - lambda), so that each mixed window keeps its own target as
// the larger part (as fastai does; the pairs are symmetric, so the mixed points' distribution is
// unchanged).
MixedBatch mix_batch(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& w, int64_t n_classes,
                     double alpha, data::Rng& rng);

}  // namespace ser::train
