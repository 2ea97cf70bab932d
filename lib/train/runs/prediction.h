// seremotion: what a model hears in whole files and in each of their windows (ser-train predict).
//
// Windows are cut by features::plan_windows with the model's window and hop (or those given):
//   whole file   every window of plan_windows(n, window, hop, whole_short_audio = true), so a short
//                file is still one window; the file's probabilities are the mean of its windows'
//                (as training scores files, trainer.h);
//   per window   the windows of plan_windows(n, window, hop) (the default rule, which the element
//                follows too), each with its start and duration in seconds; a file shorter than
//                half a window has none.
// Each window's features come from the model's FeatureSpec (nn::Classifier::classify_audio), so
// the numbers are those the element computes for the same audio. The silence gate is the element's
// (features/silence_gate.h, on at -50 dBFS by default): a window below it is "silence" with
// confidence 1, no probabilities and no network run, and a whole file is the mean of its windows
// above the gate ("silence" when there is none).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "features/egemaps/voice_parameters.h"
#include "features/silence_gate.h"
#include "nn/classifier.h"

namespace ser::train {

struct PredictOptions {
  bool windows = false;        // one result per window (true) or per file (false); default false
  double window_seconds = 0.0; // s, >= 0; 0: the model's window; default 0
  double hop_seconds = 0.0;    // s, >= 0; 0: the model's hop; default 0
  features::SilenceGate silence;  // the element's gate; default on at -50 dBFS
  bool voice_parameters = false;  // also the voice parameters (voice_parameters.h) of each window
                                  // (or of the whole file); needs a model rate >= 16 kHz; default false

  void validate() const;  // ParameterError naming the field
};

// What the model heard in a span of a file: the whole file, or one window.
struct SpanPrediction {
  double start = 0.0;                // s; 0 for a whole file
  double duration = 0.0;             // s; the file's length for a whole file
  std::vector<float> probabilities;  // per label, in the model's label order; sum 1 (all 0: silence)
  size_t windows = 1;                // windows averaged (1 for a single window)
  size_t silent_windows = 0;         // windows the gate held (whole file)
  bool silence = false;              // the gate held the window; for a whole file, all its windows
  std::optional<features::VoiceParameters> voice;  // with PredictOptions::voice_parameters
};

class Predictor {
 public:
  // The classifier must outlive the predictor.
  Predictor(const nn::Classifier& classifier, const PredictOptions& options);
  ~Predictor();

  size_t window_samples() const { return window_; }
  size_t hop_samples() const { return hop_; }

  // The file's predictions: one (whole file) or one per window. Throws DecodeError naming the
  // file when it cannot be decoded.
  std::vector<SpanPrediction> predict(const std::string& path);

  // One JSON line: {"file", "label", "confidence", "probabilities": {label: p, ...}} and, for
  // windows, "start" and "duration" in seconds; for whole files, "duration" and "windows"; with
  // voice parameters, "voice": {"f0_mean_hz": ..., ...} (voice_parameters.h, snake_case names).
  // Probabilities keep every bit of their float value.
  nlohmann::ordered_json to_json(const std::string& path, const SpanPrediction& p) const;

 private:
  const nn::Classifier& classifier_;
  PredictOptions options_;
  size_t window_;
  size_t hop_;
  struct Decoder;
  std::unique_ptr<Decoder> decoder_;
  std::unique_ptr<features::Egemaps> egemaps_;  // with voice parameters
};

}  // namespace ser::train
