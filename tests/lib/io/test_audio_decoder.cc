#include "io/audio_decoder.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"

namespace ser::io {
namespace {

TEST(AudioDecoderGolden, SixteenKilohertzFlacIsExactlyInt16Over32768) {
  SER_REQUIRE_GOLDEN();
  SER_REQUIRE_DATA();
  AudioDecoder decoder(16000);
  int checked = 0;
  for (const auto& g : test::golden_inputs()) {
    if (g.source == "synthetic") continue;
    const auto y = g.y();
    const auto audio = decoder.decode(test::data_dir() + "/" + g.source);
    ASSERT_EQ(audio.samples.size(), y.size()) << g.source;
    size_t mismatches = 0;
    for (size_t i = 0; i < y.size(); ++i) mismatches += audio.samples[i] != y[i];
    EXPECT_EQ(mismatches, 0u) << g.source;
    EXPECT_EQ(audio.info.original_rate, 16000);
    EXPECT_EQ(audio.info.original_channels, 1);
    EXPECT_EQ(audio.info.type, "audio/x-flac");
    EXPECT_DOUBLE_EQ(audio.info.duration_seconds, y.size() / 16000.0);
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

}  // namespace
}  // namespace ser::io
