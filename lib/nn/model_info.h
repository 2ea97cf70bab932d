// seremotion: ModelInfo, everything a model bundle says about its network besides the weights.
//
// Stored as JSON: the "metadata" section of a .sermodel bundle (container.h), or the extra file
// "seremotion.json" of a TorchScript module. One format for both:
//
//   {
//     "format": "seremotion-model", "format_version": 1,
//     "name": "seremotion-en", "description": "...",
//     "architecture": {"name": "logmel_cnn", "hyper_parameters": {...}},
//     "features": {...FeatureSpec::to_json...},
//     "normalization": {"mean": [...], "std": [...]},
//     "adaptation": {"prior_mean": [...], "prior_std": [...], "prior_windows": 30},   (optional)
//     "speech_trim": {"threshold": 0.5, "margin_seconds": 0.1},                        (optional)
//     "labels": ["angry", "calm", ...],
//     "sample_rate": 16000, "window_seconds": 3.0, "hop_seconds": 1.0,
//     "corpora": [{"name": "RAVDESS", "licence": "CC BY-NC-SA 4.0", ...}],
//     "evaluation": {"protocol": {...}, "scores": {...}},
//     "calibration": {"method": "temperature scaling", "temperature": 1.4},
//     "seremotion_version": "0.1.0"
//   }
//
// sample_rate and window_seconds repeat the FeatureSpec's (readers of the JSON alone find them at
// the top); they must agree with it. corpora entries and evaluation are free-form beyond the
// fields named here and are kept verbatim.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/speech_trim.h"
#include "features/adaptive_norm.h"
#include "features/feature_spec.h"

namespace ser::nn {

// Per-feature input normalisation, x' = (x - mean) / std, applied before the network.
// Vector specs: one entry per element of the vector; sequence specs: one per band (row), shared by
// every frame. Both have features.feature_dim() entries; std > 0.
struct Normalization {
  std::vector<float> mean;
  std::vector<float> std;

  // mean 0 and std 1 over `dim` features: the network sees the features as they are.
  static Normalization identity(std::size_t dim);
};

// The calibration temperatures a bundle may carry (training fits one within [0.05, 20]).
constexpr double kMinTemperature = 1e-3;
constexpr double kMaxTemperature = 1e3;

struct ModelInfo {
  static constexpr int kFormatVersion = 1;

  std::string name;                        // short identifier, non-empty, e.g. "seremotion-en"
  std::string description;                 // free text for people
  std::string architecture;                // zoo name (zoo.h) for .sermodel; free for TorchScript
  nlohmann::json hyper_parameters = nlohmann::json::object();  // the architecture's, complete
  features::FeatureSpec features;          // what the network is fed
  Normalization normalization;             // features.feature_dim() entries each
  // Trained with each speaker normalised by its own statistics (features/adaptive_norm.h): callers
  // normalise what they classify by what they heard of the stream, batch or speaker, before
  // `normalization`. Disabled (empty) for models trained without it; absent from their JSON.
  features::AdaptiveNorm adaptation;
  // Trained on clips cut to their speech (ser-train --trim-non-speech): callers compute each
  // window's features on its speech (common/speech_trim.h, vad::heard_part), so that a model hears
  // what it was trained on. Disabled for models trained on whole clips, whose JSON has no
  // "speech_trim"; otherwise "speech_trim": {"threshold", "margin_seconds"}.
  SpeechTrim speech_trim;
  std::vector<std::string> labels;         // output order; >= 2, non-empty, unique
  double hop_seconds = 1.0;                // default hop between windows, s, in (0, window]
  nlohmann::json corpora = nlohmann::json::array();      // [{"name", "licence", ...}], verbatim
  nlohmann::json evaluation = nlohmann::json::object();  // protocol and scores, verbatim
  // Temperature scaling (Guo et al., ICML 2017), fitted on the validation part when training:
  // the Classifier's probabilities are softmax(logits / temperature). 1: not calibrated, and no
  // "calibration" in the JSON; otherwise {"method": "temperature scaling", "temperature": T}.
  double temperature = 1.0;  // in [kMinTemperature, kMaxTemperature]
  std::string seremotion_version;          // the version that wrote the bundle (set when saving)

  int sample_rate() const { return features.sample_rate; }
  double window_seconds() const { return features.window_seconds; }  // default window, s
  std::size_t input_dim() const { return features.feature_dim(); }

  // Throws ModelError naming the field and what it must be.
  void validate() const;

  nlohmann::json to_json() const;
  // Validates. Unknown fields are an error, as are fields of the wrong type; a format_version
  // other than kFormatVersion is refused with a message saying which versions this build reads.
  static ModelInfo from_json(const nlohmann::json& j);
  // from_json of a JSON text; text that is not JSON is a ModelError.
  static ModelInfo parse(const std::string& text);
};

bool operator==(const ModelInfo& a, const ModelInfo& b);
inline bool operator!=(const ModelInfo& a, const ModelInfo& b) { return !(a == b); }

}  // namespace ser::nn
