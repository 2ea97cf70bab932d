// Tests of lib/vad: the shipped weights and real audio to run the VAD on.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "vad/silero_weights.h"

namespace ser::test {

// The shipped models/silero-vad/silero-vad-16k.weights of the source tree, loaded once.
std::shared_ptr<const vad::SileroWeights> shipped_vad_weights();
std::string shipped_vad_weights_path();

// A file of ../shared/data decoded to mono 16 kHz (`relative` to the data folder).
std::vector<float> corpus_audio_16k(const std::string& relative);

// All probabilities of `y` through a fresh SileroVad, pushed at once, then flushed.
std::vector<float> vad_probabilities(const std::vector<float>& y);

}  // namespace ser::test
