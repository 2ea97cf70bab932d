#include "vad_test_support.h"

#include "common/shared_data.h"
#include "io/audio_decoder.h"
#include "vad/silero_vad.h"

namespace ser::test {

std::string shipped_vad_weights_path() { return source_dir() + "/models/silero-vad/silero-vad-16k.weights"; }

std::shared_ptr<const vad::SileroWeights> shipped_vad_weights() {
  static const auto weights = vad::load_silero_weights(shipped_vad_weights_path());
  return weights;
}

std::vector<float> corpus_audio_16k(const std::string& relative) {
  io::DecoderOptions options;
  options.sample_rate = 16000;
  io::AudioDecoder decoder(options);
  return decoder.decode(data_dir() + "/" + relative).samples;
}

std::vector<float> vad_probabilities(const std::vector<float>& y) {
  vad::SileroVad vad(shipped_vad_weights());
  std::vector<float> p;
  vad.push(FloatSpan(y), p);
  vad.flush(p);
  return p;
}

}  // namespace ser::test
