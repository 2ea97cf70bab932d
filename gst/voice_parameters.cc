#include "voice_parameters.h"

#include <memory>

#include "features/egemaps/egemaps.h"
#include "nn/classifier.h"

namespace ser::element {

std::optional<features::VoiceParameters> window_voice_parameters(const nn::Classifier& model, FloatSpan samples,
                                                                 const std::vector<Matrix>* model_features) {
  const features::FeatureSpec& spec = model.info().features;
  if (spec.sample_rate < 16000) return std::nullopt;
  // The model's own eGeMAPS describe the window as recorded only without level_norm or denoise.
  if (model_features && !model_features->empty() && spec.shape == features::InputShape::Vector &&
      spec.level_norm == "none" && spec.denoise == "none" &&
      std::find(spec.features.begin(), spec.features.end(), "egemaps") != spec.features.end()) {
    return features::voice_parameters((*model_features)[0].row(0) + spec.vector_offset_of("egemaps"));
  }
  // The streaming thread (non-live) and the inference worker (live) each keep their own.
  thread_local std::unique_ptr<features::Egemaps> egemaps;
  if (!egemaps || egemaps->sample_rate() != spec.sample_rate) {
    egemaps = std::make_unique<features::Egemaps>(spec.sample_rate);
  }
  return features::voice_parameters(egemaps->analyse(samples));
}

void set_voice_field(GstStructure* s, const features::VoiceParameters& voice) {
  GstStructure* v = gst_structure_new_empty("voice-parameters");
  for (const auto& [name, value] : features::voice_parameter_fields(voice)) {
    gst_structure_set(v, name.c_str(), G_TYPE_DOUBLE, value, nullptr);
  }
  gst_structure_set(s, "voice", GST_TYPE_STRUCTURE, v, nullptr);
  gst_structure_free(v);
}

}  // namespace ser::element
