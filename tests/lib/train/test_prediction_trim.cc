// A model trained on clips cut to their speech (ser-train --trim-non-speech) hears, through
// `ser-train predict`, each window's speech only: for a clip shorter than a window, exactly the
// clip that training's trimming makes of it.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/shared_data.h"
#include "io/audio_decoder.h"
#include "nn/classifier.h"
#include "nn/untrained_bundle.h"
#include "train/runs/prediction.h"
#include "vad/speech_trim.h"
#include "vad/vad_model.h"

namespace ser::train {
namespace {

nn::ModelInfo egemaps_info(bool trims) {
  nn::ModelInfo info;
  info.name = "trim-test";
  info.architecture = "mlp";
  info.hyper_parameters = {{"hidden", {8}}};
  info.features = features::FeatureSpec::preset("egemaps-level");
  info.normalization = nn::Normalization::identity(info.features.feature_dim());
  // Scale the functionals to unit range roughly, so that the untrained network's outputs move.
  for (float& s : info.normalization.std) s = 50.0f;
  info.labels = {"angry", "neutral", "sad"};
  info.speech_trim = {trims, 0.5, 0.1};
  return info;
}

TEST(PredictionTrim, EachWindowIsHeardFromItsFirstSpeechToItsLast) {
  SER_REQUIRE_DATA();
  const std::string dir = testing::TempDir() + "/prediction-trim";
  std::filesystem::create_directories(dir);
  nn::write_untrained_bundle(dir + "/trims.sermodel", egemaps_info(true), 7);
  nn::write_untrained_bundle(dir + "/whole.sermodel", egemaps_info(false), 7);  // the same weights
  const nn::Classifier trims(dir + "/trims.sermodel"), whole(dir + "/whole.sermodel");
  PredictOptions o;
  o.windows = true;
  Predictor trimmed_predictor(trims, o), whole_predictor(whole, o);

  const std::string file = test::data_dir() + "/emodb/03a01Fa.flac";  // 1.9 s: one window
  const auto heard = trimmed_predictor.predict(file);
  const auto plain = whole_predictor.predict(file);
  ASSERT_EQ(heard.size(), 1u);
  ASSERT_TRUE(heard[0].check.classified());

  std::vector<float> clip = io::decode_file(file, 16000).samples;
  const size_t before = clip.size();
  vad::SileroVad vad(vad::load_silero_weights(vad::vad_model_path()));
  vad::trim_to_speech(vad, clip, SpeechTrim{true, 0.5, 0.1});
  ASSERT_LT(clip.size(), before);  // the clip has non-speech to lose
  const Matrix expected = trims.classify_audio({FloatSpan(clip)});
  double moved = 0.0;
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(heard[0].probabilities[k], expected(0, k), 1e-6) << k;
    moved = std::max(moved, std::abs(double(heard[0].probabilities[k]) - plain[0].probabilities[k]));
  }
  EXPECT_GT(moved, 1e-4);  // and the whole window would have been heard differently

  // Without a VAD there is nothing to trim by: the whole window.
  o.gate.mode = vad::VadMode::Off;
  Predictor no_vad(trims, o);
  const auto off = no_vad.predict(file);
  for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(off[0].probabilities[k], plain[0].probabilities[k], 1e-6);
}

}  // namespace
}  // namespace ser::train
