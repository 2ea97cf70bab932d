// seremotion: what a model hears in whole files and in each of their windows (ser-train predict).
//
// Windows are cut by features::plan_windows with the model's window and hop (or those given), the
// rule the element follows too (a file shorter than a window is one window):
//   whole file   the file's probabilities are the mean of its classified windows' (as training
//                scores files, trainer.h);
//   per window   each window with its start and duration in seconds.
// Each window goes through the element's gates (vad/speech_gate.h): the level gate (on at -70 dBFS
// by default) makes it "silence"; with vad=silero (the default) Silero VAD runs once over the whole
// file and a window whose speech share, found by the element's rule (vad/clip_activity.h), is below
// the minimum is "no-speech", unless its pitch track is speech's (the voicing rescue,
// vad/voiced_speech.h: then it is classified, heard whole). Neither held kind runs the network:
// confidence 1 (1 - share for no-speech), all-zero probabilities. The rest get the model's
// probabilities, from the model's FeatureSpec (nn::Classifier::classify_audio), so the numbers are
// those the element computes for the same audio, and the element's trust flags. A whole file with no classified window says "no-speech"
// (when the VAD held some window) or "silence"; it is not an error.
//
// A model trained with adaptation (ModelInfo::adaptation) normalises each window by what has been
// heard (features/adaptive_norm.h): `none` (the default) the training speakers' pooled statistics;
// `stream` the file's classified windows up to and including this one, the element's rule for a
// stream, so that both give the same numbers; `file` all of the file's; `batch` every file given
// to hear() (a collection varied in emotion: a batch of one emotion is normalised to the middle).
// Models without adaptation ignore it. The default is measured: on clips of a few seconds, stream
// and file are not better than none (tools/measure-adaptation.py, docs/results.md).
//
// A model trained on clips cut to their speech (ModelInfo::speech_trim) hears each window's speech
// only (vad/speech_trim.h heard_part, the element's rule too); without a VAD (vad=level or off)
// the whole window.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "features/egemaps/voice_parameters.h"
#include "features/windowing.h"
#include "nn/classifier.h"
#include "vad/speech_gate.h"
#include "vad/speech_timeline.h"

namespace ser::train {

enum class PredictAdaptation { None, Stream, File, Batch };

// "none", "stream", "file", "batch"; std::nullopt for anything else.
std::optional<PredictAdaptation> parse_predict_adaptation(const std::string& name);

struct PredictOptions {
  bool windows = false;        // one result per window (true) or per file (false); default false
  double window_seconds = 0.0; // s, >= 0; 0: the model's window; default 0
  double hop_seconds = 0.0;    // s, >= 0; 0: the model's hop; default 0
  vad::SpeechGate gate;        // the element's gates; default vad=silero, level gate at -70 dBFS
  std::string vad_model;       // Silero's weights; "": the default (vad/vad_model.h); default ""
  bool voice_parameters = false;  // also the voice parameters (voice_parameters.h) of each window
                                  // (or of the whole file); needs a model rate >= 16 kHz; default false
  PredictAdaptation adapt = PredictAdaptation::None;  // see above; default none

  // ParameterError naming the field; vad=upstream (a flag from a GStreamer element) has no meaning
  // for files.
  void validate() const;
};

// What the model heard in a span of a file: the whole file, or one window.
struct SpanPrediction {
  double start = 0.0;                // s; 0 for a whole file
  double duration = 0.0;             // s; the file's length for a whole file
  std::vector<float> probabilities;  // per label, in the model's label order; sum 1 (all 0: held)
  vad::WindowCheck check;            // a window's gates and trust flags; a whole file's verdict
  size_t windows = 1;                // windows averaged: classified ones (whole file)
  size_t silent_windows = 0;         // windows the level gate held (whole file)
  size_t no_speech_windows = 0;      // windows the VAD held (whole file)
  size_t untrusted_windows = 0;      // classified windows with a trust flag (whole file)
  size_t rescued_windows = 0;        // classified windows the voicing rescue gave back (whole file)
  std::optional<features::VoiceParameters> voice;  // with PredictOptions::voice_parameters
};

class Predictor {
 public:
  // The classifier must outlive the predictor. With vad=silero, loads the VAD weights: ModelError
  // naming the file when they cannot be read.
  Predictor(const nn::Classifier& classifier, const PredictOptions& options);
  ~Predictor();

  size_t window_samples() const { return window_; }
  size_t hop_samples() const { return hop_; }

  // The file's predictions: one (whole file) or one per window. Throws DecodeError naming the
  // file when it cannot be decoded.
  std::vector<SpanPrediction> predict(const std::string& path);
  // adapt=batch: adds the file's classified windows to what predict() normalises by (call it for
  // every file of the batch first). Otherwise nothing. Errors as predict's.
  void hear(const std::string& path);

  // One JSON line: {"file", "label", "confidence", "probabilities": {label: p, ...},
  // "speech_share"} and, for windows, "start", "duration" (seconds), "silence", "no_speech",
  // "voiced_rescue", "rms", "trusted", "little_speech", "low_level", "clipped"; for whole files,
  // "duration", "windows" (classified), "silent_windows", "no_speech_windows", "untrusted_windows",
  // "rescued_windows".
  // With voice parameters, "voice": {"f0_mean_hz": ..., ...} (voice_parameters.h, snake_case names).
  // Probabilities keep every bit of their float value.
  nlohmann::ordered_json to_json(const std::string& path, const SpanPrediction& p) const;

 private:
  const nn::Classifier& classifier_;
  PredictOptions options_;
  size_t window_;
  size_t hop_;
  struct State;
  std::unique_ptr<State> state_;
  struct Gated;
  Gated gate_file(const std::string& path);
  vad::SampleRange heard_part(const Gated& g, const features::WindowSpan& w) const;
  // The audio, and the features, of classified windows [begin, end) of g.
  std::vector<FloatSpan> audio_of(const Gated& g, size_t begin, size_t end) const;
  std::vector<Matrix> features_of(const Gated& g, size_t begin, size_t end) const;
  bool adapts() const;
  void classify_windows(Gated& g);
  features::FeatureStats batch_heard_;  // adapt=batch: what hear() heard
  std::unique_ptr<features::Egemaps> egemaps_;  // with voice parameters
};

}  // namespace ser::train
