// seremotion: eGeMAPS v02, the voice parameters of the Geneva Minimalistic Acoustic Parameter Set,
// computed natively: 25 low-level descriptors every 10 ms and 88 functionals over a span.
#pragma once

#include <memory>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"

namespace ser::features {

// What one span of audio gave: the raw (unsmoothed) descriptors of every 10 ms frame and the
// voicing decisions, from which the smoothed descriptors, the functionals and the voice parameters
// (voice_parameters.h) are all derived, so that a window is analysed once whatever is asked of it.
struct EgemapsAnalysis {
  double hop_seconds = 0.01;
  // Rows in egemaps_names.h's order (EgemapsDescriptor), one column per 20 ms frame, unsmoothed.
  // F0 is in semitones above 27.5 Hz, 0 where unvoiced; the other voice-quality rows are 0 (the
  // amplitude levels -201 dB) where unvoiced; formants are 0 where unvoiced unless the analysis
  // was asked for formants everywhere.
  Matrix raw;
  // Frames of the pitch track: those whose 60 ms window fits in the span, less one (as openSMILE's
  // functionals count them); voiced[t] for t < pitch_frames.
  size_t pitch_frames = 0;
  std::vector<unsigned char> voiced;
  std::vector<float> f0_hz;        // per pitch frame, 0 where unvoiced
  std::vector<float> mean_square;  // per 20 ms frame: mean of x^2, for the equivalent sound level
  size_t frames() const { return raw.cols(); }
};

// The pitch track alone (Egemaps::analyse_pitch): EgemapsAnalysis's voiced and f0_hz.
struct EgemapsPitch {
  std::vector<unsigned char> voiced;  // per pitch frame
  std::vector<float> f0_hz;           // per pitch frame, 0 where unvoiced
  size_t frames() const { return voiced.size(); }
};

// eGeMAPS v02 (Eyben, Scherer, Schuller et al., "The Geneva Minimalistic Acoustic Parameter Set
// (GeMAPS) for Voice Research and Affective Computing", IEEE Transactions on Affective Computing
// 7(2), 2016), written from the paper and openSMILE's documentation of its components, and checked
// against openSMILE 3.0's output (docs/features.md: how closely, and where it differs).
//
// Framing (openSMILE's eGeMAPSv02 configuration): frames start every 10 ms; the spectral
// descriptors (loudness, MFCC, spectral balance, flux, formants) use 20 ms Hamming frames, the
// pitch and voice quality descriptors 60 ms Gaussian frames (sigma 0.4). A span shorter than
// 70 ms is zero-padded to 70 ms, so every span gives at least one frame of each kind.
//
// The plans, filter banks and work buffers are made once, in the constructor; analysing allocates
// only while its buffers grow to the longest span seen. Independent of the Extractor (a fusion
// model can run both on the same window). Not thread-safe: use one per thread.
//
// Samples that are NaN or infinite are rejected with a ParameterError naming the first one; an
// empty span likewise (the Extractor's rule).
// How the formants F1-F3 are found (and with them their amplitudes and H1-A3):
//   OpenSmile  near openSMILE 3.0's eGeMAPS output: roots of the prediction polynomial with its
//              coefficients scaled by kOpensmileFormantScale (a scale chosen on half the golden
//              files, the nearest convention we found), no pre-emphasis, any bandwidth (formants.h;
//              the agreement of docs/features.md);
//   Lpc        the textbook resonances: roots of the prediction-error filter of the pre-emphasised
//              frame, bandwidths up to 1 kHz (Markel & Gray). They carry more of the emotion: the
//              shipped models use them (docs/results.md).
enum class EgemapsFormants { OpenSmile, Lpc };

class Egemaps {
 public:
  static constexpr size_t kFunctionals = 88;
  static constexpr size_t kDescriptors = 25;

  // The scale of the prediction coefficients whose polynomial gives the OpenSmile formants
  // (FormantParams::coefficient_scale): fitted on the golden files, docs/features.md.
  static constexpr double kOpensmileFormantScale = -0.3;

  // opensmile_formant_scale replaces kOpensmileFormantScale for EgemapsFormants::OpenSmile (-1:
  // the convention of models trained before it, FeatureSpec's "negated"; the golden bench's
  // sweep): in [-1, 1], not 0, whatever the kind, or a ParameterError names it.
  explicit Egemaps(int sample_rate = 16000, EgemapsFormants formants = EgemapsFormants::OpenSmile,
                   double opensmile_formant_scale = kOpensmileFormantScale);
  ~Egemaps();
  Egemaps(Egemaps&&) noexcept;
  Egemaps& operator=(Egemaps&&) noexcept;

  int sample_rate() const;

  // The number of descriptor frames (10 ms apart) of a span of n samples: 20 ms frames that fit
  // in the span after its padding to 70 ms.
  static size_t frames_for(size_t n_samples, int sample_rate);

  // Analyses a span. Formants are computed in voiced frames only (all the functionals need)
  // unless formants_everywhere, as the descriptor sequence wants. The result is valid until the
  // next call.
  const EgemapsAnalysis& analyse(FloatSpan audio, bool formants_everywhere = false);
  // The last analysis (empty before the first).
  const EgemapsAnalysis& last() const;
  // The pitch track alone, as analyse() finds it: for callers that need only the voicing, at a
  // fraction of the cost. Leaves last() as it was. Valid until the next call; the same rejections
  // as analyse().
  const EgemapsPitch& analyse_pitch(FloatSpan audio);

  // The 25 smoothed descriptors x frames (openSMILE's lld.csv, 10 ms apart).
  static void descriptors(const EgemapsAnalysis& analysis, Matrix& out);
  // The 88 functionals, in egemaps_functional_names() order (egemaps_functionals.h).
  static void functionals(const EgemapsAnalysis& analysis, float* out);

  // Shorthands: analyse, then the descriptors (out: 25 x frames) or the functionals (out: 1 x 88).
  void compute_descriptors(FloatSpan audio, Matrix& out);
  void compute_functionals(FloatSpan audio, Matrix& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ser::features
