// Trimming a training clip to its speech (vad/speech_trim.h).
#include "vad/speech_trim.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/shared_data.h"
#include "features/silence_gate.h"
#include "vad_test_support.h"

namespace ser::test {
namespace {

using vad::speech_bounds;

TEST(SpeechTrim, FromTheFirstSpeechChunkToTheLastWithAMargin) {
  // Chunks of 512: 0-2 not speech, 3-5 speech, 6 not, 7 speech, 8-9 not; the last chunk is partial.
  const std::vector<float> p{0.1f, 0.2f, 0.3f, 0.9f, 0.6f, 0.5f, 0.2f, 0.7f, 0.1f, 0.0f};
  const std::size_t n = 9 * 512 + 100;
  auto r = speech_bounds(p, n, 0.5, 0);
  EXPECT_EQ(r.begin, 3u * 512);
  EXPECT_EQ(r.end, 8u * 512);  // the pause at chunk 6 is kept
  r = speech_bounds(p, n, 0.5, 200);
  EXPECT_EQ(r.begin, 3u * 512 - 200);
  EXPECT_EQ(r.end, 8u * 512 + 200);
  r = speech_bounds(p, n, 0.5, 100000);  // the margin stops at the clip's ends
  EXPECT_EQ(r.begin, 0u);
  EXPECT_EQ(r.end, n);
  // Speech in the last, partial chunk ends at the clip's end.
  r = speech_bounds({0.1f, 0.9f}, 600, 0.5, 0);
  EXPECT_EQ(r.begin, 512u);
  EXPECT_EQ(r.end, 600u);
  // No speech at all: the clip is kept whole.
  r = speech_bounds({0.1f, 0.2f}, 1000, 0.5, 0);
  EXPECT_EQ(r.begin, 0u);
  EXPECT_EQ(r.end, 1000u);
}

TEST(SpeechTrim, BadOptionsAreRefused) {
  SpeechTrim o;
  EXPECT_NO_THROW(vad::validate_trim(o));
  o.threshold = 2;
  EXPECT_THROW(vad::validate_trim(o), ParameterError);
  o = SpeechTrim();
  o.margin_seconds = -1;
  EXPECT_THROW(vad::validate_trim(o), ParameterError);
}

TEST(SpeechTrim, ACorpusClipLosesItsLeadingSilence) {
  SER_REQUIRE_DATA();
  std::vector<float> clip = corpus_audio_16k("ravdess/Actor_01/03-01-01-01-01-01-01.flac");
  const std::size_t before = clip.size();
  vad::SileroVad vad(shipped_vad_weights());
  vad::trim_to_speech(vad, clip, SpeechTrim{true, 0.5, 0.1});
  // RAVDESS clips hold about 1.5 s of speech in 3.3 s, with silence before and after it.
  EXPECT_LT(clip.size(), before * 3 / 4);
  EXPECT_GT(clip.size(), 16000u);
  // What is left starts near the speech: its first 0.1 s margin is quiet, the rest is not.
  EXPECT_GT(features::rms_dbfs(FloatSpan(clip)), features::rms_dbfs(FloatSpan(clip.data(), 1600)));
}

}  // namespace
}  // namespace ser::test
