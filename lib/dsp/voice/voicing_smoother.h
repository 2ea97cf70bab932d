// seremotion: voiced/unvoiced decisions smoothed over time, for the eGeMAPS pitch track.
#pragma once

#include <cstddef>
#include <vector>

namespace ser::dsp::voice {

// Parameters of the voicing smoother; the defaults reproduce openSMILE's eGeMAPS voicing decisions
// on the golden files to 99.5 % of frames (docs/features.md).
struct VoicingSmootherParams {
  double threshold = 0.7;     // voicing probability at which a frame turns voiced (openSMILE's
                              // voicingCutoff), in (0, 1)
  double confidence = 30.0;   // cost per unit of voicing on the wrong side of the threshold, > 0
  double switch_cost = 1.0;   // cost of a voiced/unvoiced change between frames, >= 0
  double jump_cost = 0.07;    // cost per semitone of F0 change between consecutive voiced frames,
                              // >= 0: a track that leaps to a subharmonic and back for a few frames
                              // near the threshold is unvoiced there, as openSMILE's is
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// The voiced/unvoiced path through a voicing contour v[0..n) that minimises
//   sum_t local(t) + switch_cost * (number of changes)
//     + jump_cost * sum over consecutive voiced frames of |F0 change in semitones|,
//   local(t) = confidence * max(0, threshold - v[t])  for a voiced frame,
//              confidence * max(0, v[t] - threshold)  for an unvoiced frame
// (a two-state Viterbi search, in the spirit of openSMILE's cPitchSmootherViterbi, whose
// threshold and transition weights it stands in for). A frame just under the threshold inside a
// voiced stretch stays voiced, a lone frame just over it in silence stays unvoiced; with
// switch_cost and jump_cost 0 it is the plain threshold. Allocates only its work arrays (reused
// when the object is). Not thread-safe: use one per thread.
class VoicingSmoother {
 public:
  explicit VoicingSmoother(const VoicingSmootherParams& params = {});
  const VoicingSmootherParams& params() const { return params_; }

  // voiced[t] = the decision for frame t; voiced is resized to n.
  void compute(const double* voicing, size_t n, std::vector<unsigned char>& voiced) {
    compute(voicing, nullptr, n, voiced);
  }
  // With f0 (Hz, > 0 where a frame has a candidate), voiced frames that follow each other pay
  // jump_cost per semitone between them.
  void compute(const double* voicing, const double* f0, size_t n, std::vector<unsigned char>& voiced);

 private:
  VoicingSmootherParams params_;
  std::vector<unsigned char> from_voiced_;  // per frame and state: whether the best path came from voiced
};

}  // namespace ser::dsp::voice
