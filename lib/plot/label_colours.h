// seremotion: one colour per emotion label, the same in every picture and every run, told apart by
// colour-blind viewers.
//
// The labels of the vocabulary that the shipped models use (the RAVDESS eight and EMO-DB's boredom)
// take the nine colours of Paul Tol's "muted" qualitative scheme, which stays distinguishable with
// the common colour-vision deficiencies (P. Tol, "Colour Schemes", SRON/EPS/TN/09-002, 2021):
//   neutral #88CCEE cyan    calm #44AA99 teal       happy #DDCC77 sand     sad #332288 indigo
//   angry   #CC6677 rose    fearful #882255 wine    disgust #117733 green  surprised #AA4499 purple
//   boredom #999933 olive
// Any other label takes one of the eight colours of Tol's "light" scheme, picked by a hash of its
// name (FNV-1a), so it too keeps its colour from run to run and model to model. Windows without a
// result (silence, no speech) are drawn in greys that no label uses.
#pragma once

#include <string>

#include "plot/canvas.h"

namespace ser::plot {

// The colour of `label` (case-sensitive; the vocabulary's labels are lower case).
Rgb label_colour(const std::string& label);

// Windows the network did not hear: the fill and its hatching.
inline constexpr Rgb kNoResultFill{0xdd / 255.0, 0xdd / 255.0, 0xdd / 255.0};
inline constexpr Rgb kNoResultHatch{0xaa / 255.0, 0xaa / 255.0, 0xaa / 255.0};

}  // namespace ser::plot
