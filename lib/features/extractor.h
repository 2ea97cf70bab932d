// seremotion: Extractor, the features a FeatureSpec names, computed from audio.
#pragma once

#include <memory>

#include "common/matrix.h"
#include "common/span.h"
#include "features/feature_spec.h"

namespace ser::features {

struct EgemapsAnalysis;

// Turns one span of audio (mono, at spec.sample_rate) into the features of its spec, following
// the window rule (feature_spec.h): a span shorter than the window is zero-padded to it when
// spec.pad_short is set. Longer spans are used whole (callers cut windows with plan_windows).
//
//   Vector spec:   out is 1 x spec.feature_dim(): the time means of each feature, concatenated in
//                  spec.features order (for issa193 exactly librosa's classic 193-vector).
//   Sequence spec: out is spec.feature_dim() x spec.frames_for(n): MFCC, log-mel (dB) or eGeMAPS
//                  descriptor frames.
//
// Plans, filter banks and work buffers are made once, in the constructor (the CQT filters once
// per tuning value met), so computing allocates nothing once the buffers have grown to the span.
// Not thread-safe: use one per thread.
//
// Samples that are NaN or infinite (like librosa's valid_audio) or beyond kMaxSampleMagnitude
// (audio_check.h) are rejected with a ParameterError naming the first one; an empty span is
// rejected the same way.
class Extractor {
 public:
  explicit Extractor(const FeatureSpec& spec);
  ~Extractor();
  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;

  const FeatureSpec& spec() const;

  void compute(FloatSpan audio, Matrix& out);
  Matrix compute(FloatSpan audio);

  // When the spec uses eGeMAPS: the analysis of the span last computed (voice_parameters.h reads
  // it, so that a window is analysed once); null otherwise or before the first compute.
  const EgemapsAnalysis* egemaps_analysis() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ser::features
