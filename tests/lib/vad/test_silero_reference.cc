// lib/vad's Silero VAD against the TorchScript module it re-implements, run through libtorch
// chunk by chunk as Silero's own code runs it: the same probabilities within kTolerance, on real
// speech and on noise, with the recurrent state carried across chunks and cleared by a reset.
// The only translation unit of the VAD tests that includes libtorch.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>

#include "common/shared_data.h"
#include "common/signals.h"
#include "vad/silero_vad.h"
#include "vad_test_support.h"

namespace ser::test {
namespace {

// Largest difference allowed between a probability of ours and the module's. The two sum in
// other orders and ours takes the STFT by FFT rather than by a convolution with the DFT basis;
// the largest difference measured is 1.4e-6 (2e-5 leaves room for other CPUs and libms).
constexpr double kTolerance = 2e-5;

std::string reference_path() { return shared_dir() + "/pretrained/silero-vad/silero_vad.jit"; }

class Reference {
 public:
  Reference() : module_(torch::jit::load(reference_path())) { module_.eval(); }
  void reset() { module_.run_method("reset_states"); }
  // The module's probabilities of y's chunks, in order, the last one zero-padded.
  std::vector<float> run(const std::vector<float>& y) {
    torch::NoGradGuard no_grad;
    std::vector<float> out;
    for (size_t start = 0; start < y.size(); start += 512) {
      auto chunk = torch::zeros({1, 512});
      const size_t n = std::min<size_t>(512, y.size() - start);
      std::copy(y.begin() + start, y.begin() + start + n, chunk.data_ptr<float>());
      out.push_back(module_.forward({chunk, 16000}).toTensor().item<float>());
    }
    return out;
  }

 private:
  torch::jit::script::Module module_;
};

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::abs(double(a[i]) - b[i]));
  return worst;
}

class SileroReference : public ::testing::Test {
 protected:
  void SetUp() override {
    if (shared_dir().empty() || !std::ifstream(reference_path())) {
      GTEST_SKIP() << "../shared/pretrained/silero-vad/silero_vad.jit is absent (set SEREMOTION_SHARED_DIR)";
    }
    SER_REQUIRE_DATA();
  }
};

// Speech, then noise of three colours and a hum, then digital silence: one stream, one state.
std::vector<float> mixed_stream() {
  std::vector<float> y = corpus_audio_16k("ravdess/Actor_01/03-01-05-02-01-01-01.flac");
  const auto emodb = corpus_audio_16k("emodb/03a01Fa.flac");
  y.insert(y.end(), emodb.begin(), emodb.end());
  for (auto colour : {NoiseColour::White, NoiseColour::Pink, NoiseColour::Brown}) {
    const auto n = noise(16000, colour, -30.0, 7);
    y.insert(y.end(), n.begin(), n.end());
  }
  const auto hum = sine(16000, 50.0, 16000.0, 0.1);
  y.insert(y.end(), hum.begin(), hum.end());
  y.insert(y.end(), 8000 + 123, 0.0f);  // ends in a partial chunk
  return y;
}

TEST_F(SileroReference, SpeechAndNoiseMatchTheModule) {
  const auto y = mixed_stream();
  Reference ref;
  const auto expected = ref.run(y);
  const auto got = vad_probabilities(y);
  const double worst = max_difference(got, expected);
  RecordProperty("max_difference", std::to_string(worst));
  std::cout << "max |ours - module| over " << got.size() << " chunks: " << worst << "\n";
  EXPECT_LE(worst, kTolerance);
  // The comparison means something only if both speech and non-speech were heard.
  EXPECT_GT(*std::max_element(expected.begin(), expected.end()), 0.9);
  EXPECT_LT(*std::min_element(expected.begin(), expected.end()), 0.1);
}

TEST_F(SileroReference, ResetClearsTheStateAsTheModuleDoes) {
  const auto speech = corpus_audio_16k("ravdess/Actor_02/03-01-03-01-01-01-02.flac");
  const auto hum = noise(16000 * 2, NoiseColour::Pink, -35.0, 3);
  Reference ref;
  ref.run(speech);
  ref.reset();
  const auto expected = ref.run(hum);

  vad::SileroVad vad(shipped_vad_weights());
  std::vector<float> got;
  vad.push(FloatSpan(speech), got);
  vad.reset();
  got.clear();
  vad.push(FloatSpan(hum), got);
  vad.flush(got);
  EXPECT_LE(max_difference(got, expected), kTolerance);

  // Without the reset, the state carried over from the speech changes the first chunks' outputs:
  // the test above would notice a reset that forgot the state.
  Reference carried;
  carried.run(speech);
  EXPECT_GT(max_difference(carried.run(hum), expected), 1e-4);
}

}  // namespace
}  // namespace ser::test
