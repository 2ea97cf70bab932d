// seremotion: one bundle made of several trained runs of one recipe, their probabilities averaged.
//
// Two training runs of one recipe from different seeds hold out other validation speakers, make
// other augmented copies and start from other weights; averaging their probabilities gains what
// more networks inside one run do not (docs/results.md). average_bundles reads the runs' .sermodel
// bundles and writes one whose network is a run_average (zoo.h) of theirs, so that the element
// and `ser-train predict` average them as any other model's outputs.
//
// Each run keeps its own normalisation and calibration temperature inside the run_average. The
// runs must agree on everything else a caller reads: features, labels, speech trimming, hop,
// training corpora, and whether they adapt to the speaker. A model trained with adaptation
// carries one prior for all its runs, their priors pooled (the mean of their means, the square
// root of the mean of their variances); each run's normalisation is taken to that prior's frame, so
// that a window normalised by the prior alone (nothing heard: `ser-train predict` by default, and
// nearly so a stream's or a short clip's first windows) gets exactly the average of the runs as
// each would answer alone. Once something has been heard, run k reads what was heard in the pooled
// prior's units where alone it would read it in its own: its input is moved by (pooled - own prior
// mean) and scaled by (pooled / own prior spread), in units of its own spread. That error does not
// shrink as more is heard; it is as large as the runs' priors differ, and they differ only by the
// few speakers each run's validation part took from its training speakers. (Being exact once a
// speaker is fully heard instead would make the prior-alone case inexact by as much; no fixed map
// is exact for both, since the blend of prior and heard changes with every window.)
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ser::nn {

struct AverageOptions {
  std::string name;         // the bundle's name; "": the first run's
  std::string description;  // "": "<N> training runs averaged: " and the first run's description
  // The average's own evaluation (a JSON object: tools/average-runs.py --evaluation writes the
  // runs' cross-validation averaged file by file), or null for none.
  nlohmann::json evaluation;
};

// Reads the .sermodel bundles `runs` (2 to 16; TorchScript modules are refused: their networks
// cannot be rebuilt), checks that they can be averaged and writes the run_average bundle to
// `output` (whole or not at all). Its evaluation is options.evaluation, or {"protocol": {"type":
// "training runs averaged", "runs": N}} without one, with every run's own added: "runs": [{"model":
// file name, "evaluation": ...}, ...]. Throws ModelError naming the file and what differs or is
// wrong (also for a bundle the loader would refuse: the runs too costly together, metadata nested
// too deep); ParameterError for a count of runs out of range, a file given twice, an output that
// is also an input, or an evaluation that is not an object without "runs".
void average_bundles(const std::vector<std::string>& runs, const std::string& output,
                     const AverageOptions& options = {});

}  // namespace ser::nn
