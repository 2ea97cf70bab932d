// The element's windows: exactly plan_windows', timestamped from the buffers, reset on flush,
// discont and segment, with the final partial window at EOS; and the audio passed on untouched.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "element_test_support.h"
#include "features/windowing.h"
#include "gstseremotionmeta.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 8000;

GstClockTime at(std::size_t samples) { return gst_util_uint64_scale_int_round(samples, GST_SECOND, kRate); }

struct Expected {
  GstClockTime pts;
  GstClockTime duration;
};

// The windows plan_windows gives for n samples, timed from `base`.
std::vector<Expected> planned(std::size_t n, std::size_t window, std::size_t hop, GstClockTime base = 0) {
  std::vector<Expected> out;
  for (const auto& w : features::plan_windows(n, window, hop)) {
    out.push_back({base + at(w.start), at(w.start + w.length) - at(w.start)});
  }
  return out;
}

void expect_windows(const std::vector<GstStructure*>& got, const std::vector<Expected>& expected,
                    std::uint64_t first_index = 0) {
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("window " + std::to_string(i));
    EXPECT_EQ(uint64_field(got[i], "timestamp"), expected[i].pts);
    EXPECT_EQ(uint64_field(got[i], "duration"), expected[i].duration);
    EXPECT_EQ(uint64_field(got[i], "window-index"), first_index + i);
  }
}

GstElement* element_with(GstClockTime window, GstClockTime hop) {
  return make_element(write_test_model("windows.sermodel"), "window-duration", window, "hop-duration", hop, nullptr);
}

TEST(Passthrough, AudioIsBitExactAndOnTime) {
  for (const char* format : {"F32LE", "S16LE"}) {
    for (int channels : {1, 2, 6}) {
      SCOPED_TRACE(std::string(format) + " x " + std::to_string(channels));
      Harness h(element_with(0, 0), audio_caps(format, kRate, channels));
      const auto mono = voice(7001, kRate);
      const auto f32 = interleave(mono, channels);
      const auto s16 = to_s16(f32);
      const bool is_float = std::string(format) == "F32LE";
      const void* data = is_float ? static_cast<const void*>(f32.data()) : static_cast<const void*>(s16.data());
      const std::size_t frame_bytes = (is_float ? 4 : 2) * static_cast<std::size_t>(channels);
      ASSERT_EQ(h.push(data, mono.size(), frame_bytes, 333, kRate, 3 * GST_SECOND), GST_FLOW_OK);

      ASSERT_EQ(h.outputs().size(), (mono.size() + 332) / 333);
      std::size_t offset = 0;
      for (std::size_t i = 0; i < h.outputs().size(); ++i) {
        GstBuffer* out = h.outputs()[i];
        const std::size_t frames = std::min<std::size_t>(333, mono.size() - offset);
        EXPECT_EQ(GST_BUFFER_PTS(out), 3 * GST_SECOND + gst_util_uint64_scale_int(offset, GST_SECOND, kRate));
        EXPECT_EQ(GST_BUFFER_PTS(out) + GST_BUFFER_DURATION(out),
                  3 * GST_SECOND + gst_util_uint64_scale_int(offset + frames, GST_SECOND, kRate));
        EXPECT_EQ(GST_BUFFER_OFFSET(out), offset);
        ASSERT_EQ(gst_buffer_get_size(out), frames * frame_bytes);
        GstMapInfo map;
        ASSERT_TRUE(gst_buffer_map(out, &map, GST_MAP_READ));
        EXPECT_EQ(std::memcmp(map.data, static_cast<const std::uint8_t*>(data) + offset * frame_bytes, map.size), 0);
        gst_buffer_unmap(out, &map);
        offset += frames;
      }
    }
  }
}

TEST(Windows, ExactlyThoseOfPlanWindowsForAnyBufferSize) {
  struct Setting {
    GstClockTime window, hop;      // properties (0: the model's 0.5 s and 0.25 s)
    std::size_t window_n, hop_n;  // the same in samples
  };
  const std::vector<Setting> settings{{0, 0, 4000, 2000},
                                      {GST_SECOND / 2, GST_SECOND / 2, 4000, 4000},
                                      {300 * GST_MSECOND, 700 * GST_MSECOND, 2400, 5600},
                                      {400 * GST_MSECOND, 100 * GST_MSECOND, 3200, 800}};
  const auto audio = voice(18437, kRate);  // 2.3 s and a bit: a partial window for some settings
  for (const auto& setting : settings) {
    for (std::size_t buffer : {1, 160, 1000, 4000, 12345}) {
      SCOPED_TRACE("window " + std::to_string(setting.window_n) + ", hop " + std::to_string(setting.hop_n) +
                   ", buffers of " + std::to_string(buffer));
      Harness h(element_with(setting.window, setting.hop), audio_caps("F32LE", kRate, 1));
      ASSERT_EQ(h.push_f32(audio, 1, buffer, kRate), GST_FLOW_OK);
      h.eos();
      const auto expected = planned(audio.size(), setting.window_n, setting.hop_n);
      const auto got = h.take("seremotion");
      expect_windows(got, expected);
      for (const GstStructure* s : got) {
        EXPECT_EQ(uint64_field(s, "running-time"), uint64_field(s, "timestamp"));
        EXPECT_EQ(uint64_field(s, "stream-time"), uint64_field(s, "timestamp"));
      }

      // Each full window's meta is on the buffer holding its last sample; the partial window at
      // EOS has none (no buffer follows it).
      const auto plan = features::plan_windows(audio.size(), setting.window_n, setting.hop_n);
      std::map<guint64, std::size_t> meta_buffer;
      for (std::size_t b = 0; b < h.outputs().size(); ++b) {
        gpointer state = nullptr;
        while (GstCustomMeta* m = gst_buffer_iterate_seremotion_meta(h.outputs()[b], &state)) {
          meta_buffer[gst_seremotion_meta_get_window_index(m)] = b;
        }
      }
      std::size_t full = 0;
      for (std::size_t i = 0; i < plan.size(); ++i) {
        if (plan[i].length < setting.window_n) continue;
        ++full;
        ASSERT_EQ(meta_buffer.count(i), 1u) << "window " << i;
        EXPECT_EQ(meta_buffer[i], (plan[i].start + plan[i].length - 1) / buffer) << "window " << i;
      }
      EXPECT_EQ(meta_buffer.size(), full);
    }
  }
}

TEST(Windows, TimesComeFromTheFirstBufferAndTheSegment) {
  Harness h(element_with(0, 0), audio_caps("F32LE", kRate, 1));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  segment.start = 10 * GST_SECOND;
  segment.time = 100 * GST_SECOND;
  segment.position = segment.start;
  ASSERT_TRUE(h.push_event(gst_event_new_segment(&segment)));
  const auto audio = voice(8000, kRate);
  ASSERT_EQ(h.push_f32(audio, 1, 800, kRate, 10 * GST_SECOND + 5 * GST_MSECOND), GST_FLOW_OK);
  const auto got = h.take("seremotion");
  expect_windows(got, planned(8000, 4000, 2000, 10 * GST_SECOND + 5 * GST_MSECOND));
  for (const GstStructure* s : got) {
    const GstClockTime pts = uint64_field(s, "timestamp");
    EXPECT_EQ(uint64_field(s, "running-time"), pts - 10 * GST_SECOND);
    EXPECT_EQ(uint64_field(s, "stream-time"), pts - 10 * GST_SECOND + 100 * GST_SECOND);
  }
}

TEST(Windows, FlushStartsAgainFromTheNextBuffer) {
  Harness h(element_with(0, 0), audio_caps("F32LE", kRate, 1));
  const auto audio = voice(8000, kRate);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 6000), 1, 1000, kRate), GST_FLOW_OK);
  ASSERT_EQ(h.take("seremotion").size(), 2u);  // [0, 4000) and [2000, 6000)
  ASSERT_TRUE(h.push_event(gst_event_new_flush_start()));
  ASSERT_TRUE(h.push_event(gst_event_new_flush_stop(TRUE)));
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  ASSERT_TRUE(h.push_event(gst_event_new_segment(&segment)));
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate, 5 * GST_SECOND), GST_FLOW_OK);
  // Nothing of the 2000 samples held before the flush: windows start at the new audio, and the
  // window index starts again.
  expect_windows(h.take("seremotion"), planned(8000, 4000, 2000, 5 * GST_SECOND), 0);
}

TEST(Windows, DiscontStartsAgainButKeepsCounting) {
  Harness h(element_with(0, 0), audio_caps("F32LE", kRate, 1));
  const auto audio = voice(8000, kRate);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 5000), 1, 1000, kRate), GST_FLOW_OK);
  ASSERT_EQ(h.take("seremotion").size(), 1u);  // [0, 4000); [2000, 5000) is being filled
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate, 7 * GST_SECOND, /*discont=*/true), GST_FLOW_OK);
  expect_windows(h.take("seremotion"), planned(8000, 4000, 2000, 7 * GST_SECOND), 1);
}

TEST(Windows, NewSegmentStartsAgain) {
  Harness h(element_with(0, 0), audio_caps("F32LE", kRate, 1));
  const auto audio = voice(8000, kRate);
  ASSERT_EQ(h.push_f32(std::vector<float>(audio.begin(), audio.begin() + 5000), 1, 1000, kRate), GST_FLOW_OK);
  ASSERT_EQ(h.take("seremotion").size(), 1u);
  GstSegment segment;
  gst_segment_init(&segment, GST_FORMAT_TIME);
  ASSERT_TRUE(h.push_event(gst_event_new_segment(&segment)));
  ASSERT_EQ(h.push_f32(audio, 1, 1000, kRate, 2 * GST_SECOND), GST_FLOW_OK);
  expect_windows(h.take("seremotion"), planned(8000, 4000, 2000, 2 * GST_SECOND), 1);
}

TEST(Windows, EosClassifiesAPartialWindowOfAtLeastHalf) {
  for (std::size_t n : {6400, 5600, 6000, 3000, 1999, 2000}) {
    SCOPED_TRACE(std::to_string(n) + " samples");
    Harness h(element_with(GST_SECOND / 2, GST_SECOND / 2), audio_caps("F32LE", kRate, 1));
    ASSERT_EQ(h.push_f32(voice(n, kRate), 1, 800, kRate), GST_FLOW_OK);
    h.eos();
    // 6400: [0, 4000) + [4000, 6400) (2400 >= 2000); 5600: the tail of 1600 is dropped;
    // 3000 and 2000: one partial window; 1999: nothing.
    expect_windows(h.take("seremotion"), planned(n, 4000, 4000));
    const auto summary = h.take("seremotion-summary");
    ASSERT_EQ(summary.size(), 1u);
    EXPECT_EQ(uint64_field(summary[0], "windows"), planned(n, 4000, 4000).size());
  }
}

TEST(Windows, AStreamShorterThanHalfAWindowGetsOneResultAndAWarning) {
  Harness h(make_element(write_test_model("windows.sermodel")), audio_caps("F32LE", kRate, 1));
  ASSERT_EQ(h.push_f32(voice(800, kRate), 1, 400, kRate), GST_FLOW_OK);  // 0.1 s; windows are 0.5 s
  h.eos();
  const auto got = h.take("seremotion");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(uint64_field(got[0], "duration"), GST_SECOND / 10);
  EXPECT_NE(string_field(got[0], "label"), "silence");
  const auto warnings = h.take_messages(GST_MESSAGE_WARNING);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(message_text(warnings[0]), "0.100 s")) << message_text(warnings[0]);
}

}  // namespace
}  // namespace ser::gst_test
