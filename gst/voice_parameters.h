// seremotion element: the voice parameters of a window (the voice-parameters property), and the
// "voice" field that carries them in the message and the meta.
#pragma once

#include <gst/gst.h>

#include <optional>
#include <vector>

#include "common/matrix.h"
#include "common/span.h"
#include "features/egemaps/voice_parameters.h"

namespace ser::nn {
class Classifier;
}

namespace ser::element {

// The voice parameters of a window (features/egemaps/voice_parameters.h). When the model's features
// include the eGeMAPS functionals and `model_features` holds what the model was given for this
// window (Classifier::features_of), they are read from there: the window is analysed once.
// Otherwise an eGeMAPS analysis of the window (one per thread, made on first use). Empty when the
// model runs below 16 kHz, where eGeMAPS is not defined.
std::optional<features::VoiceParameters> window_voice_parameters(const nn::Classifier& model, FloatSpan samples,
                                                                 const std::vector<Matrix>* model_features);

// Sets field "voice" of `s`: a GstStructure named "voice-parameters" whose gdouble fields are
// voice_parameter_fields()' (f0-mean-hz, f0-mean-semitones, f0-range-semitones, loudness, level-db,
// jitter-percent, shimmer-db, hnr-db, voiced-fraction, loudness-peaks-per-second).
void set_voice_field(GstStructure* s, const features::VoiceParameters& voice);

}  // namespace ser::element
