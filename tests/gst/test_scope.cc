// seremotionscope: frames drawn from results with known numbers (metas made here, as
// gstseremotionmeta.h documents them) and from a real seremotion, checked on their pixels.
#include <gst/video/video.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/pixels.h"
#include "element_test_support.h"
#include "plot/canvas.h"
#include "plot/label_colours.h"
#include "plot/timeline_chart.h"

namespace ser::gst_test {
namespace {

using test::count_colour;
using test::Pixels;
using test::Rgb8;

constexpr int kRate = 8000;
constexpr int kWidth = 640;
constexpr int kHeight = 360;
const char* const kAudioCaps = "audio/x-raw,format=S16LE,layout=interleaved,rate=8000,channels=1";
const char* const kVideoCaps = "video/x-raw,format=BGRx,width=640,height=360,framerate=10/1,pixel-aspect-ratio=1/1";
const std::vector<std::string> kLabels{"angry", "calm", "happy", "sad"};

Rgb8 colour_of(const std::string& label) {
  const plot::Rgb c = plot::label_colour(label);
  return test::rgb8(c.r, c.g, c.b);
}

GstClockTime ns(double seconds) { return static_cast<GstClockTime>(std::llround(seconds * GST_SECOND)); }

// One window's result, as the seremotion element reports it.
struct Result {
  double start = 0.0;  // s
  double duration = 1.0;
  std::vector<std::string> labels = kLabels;
  std::vector<double> probabilities;  // empty: the network did not hear it
  const char* not_heard = "no-speech";
  // Fields of newer elements: the trust flags and the moving average.
  bool little_speech = false;
  std::vector<double> smoothed;
  double end() const { return start + duration; }
};

void take_array(GstStructure* s, const char* field, GValue* array) { gst_structure_take_value(s, field, array); }

void attach(GstBuffer* buffer, const Result& r, guint64 index) {
  GstCustomMeta* meta = gst_buffer_add_custom_meta(buffer, "SeremotionMeta");
  ASSERT_NE(meta, nullptr) << "the plugin registers SeremotionMeta";
  GstStructure* s = gst_custom_meta_get_structure(meta);
  const bool heard = !r.probabilities.empty();
  size_t top = 0;
  for (size_t k = 0; k < r.probabilities.size(); ++k) top = r.probabilities[k] > r.probabilities[top] ? k : top;
  const std::string label = heard ? r.labels[top] : r.not_heard;
  gst_structure_set(s, "timestamp", G_TYPE_UINT64, ns(r.start), "duration", G_TYPE_UINT64, ns(r.duration),
                    "running-time", G_TYPE_UINT64, ns(r.start), "stream-time", G_TYPE_UINT64, ns(r.start),
                    "window-index", G_TYPE_UINT64, index, "label", G_TYPE_STRING, label.c_str(), "confidence",
                    G_TYPE_DOUBLE, heard ? r.probabilities[top] : 1.0, "uncertain", G_TYPE_BOOLEAN, FALSE, "silence",
                    G_TYPE_BOOLEAN, !heard && std::string(r.not_heard) == "silence", "no-speech", G_TYPE_BOOLEAN,
                    !heard && std::string(r.not_heard) == "no-speech", "rms", G_TYPE_DOUBLE, -20.0, nullptr);
  GValue labels = G_VALUE_INIT, probabilities = G_VALUE_INIT;
  gst_value_array_init(&labels, r.labels.size());
  gst_value_array_init(&probabilities, r.labels.size());
  for (size_t k = 0; k < r.labels.size(); ++k) {
    GValue l = G_VALUE_INIT, p = G_VALUE_INIT;
    g_value_init(&l, G_TYPE_STRING);
    g_value_set_string(&l, r.labels[k].c_str());
    gst_value_array_append_and_take_value(&labels, &l);
    g_value_init(&p, G_TYPE_DOUBLE);
    g_value_set_double(&p, heard ? r.probabilities[k] : 0.0);
    gst_value_array_append_and_take_value(&probabilities, &p);
  }
  take_array(s, "labels", &labels);
  take_array(s, "probabilities", &probabilities);
  if (r.little_speech) gst_structure_set(s, "trusted", G_TYPE_BOOLEAN, FALSE, "little-speech", G_TYPE_BOOLEAN, TRUE, nullptr);
  if (!r.smoothed.empty()) {
    GValue smoothed = G_VALUE_INIT;
    gst_value_array_init(&smoothed, r.smoothed.size());
    size_t top_smoothed = 0;
    for (size_t k = 0; k < r.smoothed.size(); ++k) {
      GValue p = G_VALUE_INIT;
      g_value_init(&p, G_TYPE_DOUBLE);
      g_value_set_double(&p, r.smoothed[k]);
      gst_value_array_append_and_take_value(&smoothed, &p);
      top_smoothed = r.smoothed[k] > r.smoothed[top_smoothed] ? k : top_smoothed;
    }
    take_array(s, "smoothed-probabilities", &smoothed);
    gst_structure_set(s, "smoothed-label", G_TYPE_STRING, r.labels[top_smoothed].c_str(), "smoothed-confidence",
                      G_TYPE_DOUBLE, r.smoothed[top_smoothed], nullptr);
  }
}

GstElement* make_scope(GstClockTime time_span) {
  GstElement* e = gst_element_factory_make("seremotionscope", nullptr);
  EXPECT_NE(e, nullptr);
  g_object_set(e, "time-span", time_span, nullptr);
  return e;
}

// The scope alone in a harness: silent 16-bit audio in buffers of 0.1 s, each carrying the
// results whose last sample it holds, as seremotion attaches them.
class ScopeRun {
 public:
  explicit ScopeRun(GstClockTime time_span = 12 * GST_SECOND, const char* video_caps = kVideoCaps)
      : harness_(make_scope(time_span), kAudioCaps) {
    gst_harness_set_sink_caps_str(harness_.h(), video_caps);
  }

  Harness& harness() { return harness_; }

  GstFlowReturn push(double seconds, const std::vector<Result>& results = {}) {
    const size_t per_buffer = kRate / 10;
    std::vector<std::int16_t> silence(per_buffer, 0);
    GstFlowReturn ret = GST_FLOW_OK;
    for (size_t b = 0; b < static_cast<size_t>(std::llround(seconds * 10)); ++b, ++buffers_) {
      GstBuffer* buffer = gst_buffer_new_memdup(silence.data(), silence.size() * sizeof(std::int16_t));
      const double t0 = buffers_ / 10.0, t1 = (buffers_ + 1) / 10.0;
      GST_BUFFER_PTS(buffer) = ns(t0);
      GST_BUFFER_DURATION(buffer) = ns(t1) - ns(t0);
      for (size_t i = 0; i < results.size(); ++i) {
        if (results[i].end() > t0 + 1e-9 && results[i].end() <= t1 + 1e-9) attach(buffer, results[i], i);
      }
      ret = gst_harness_push(harness_.h(), buffer);
      harness_.pull_all();
      if (ret != GST_FLOW_OK) break;
    }
    return ret;
  }

 private:
  Harness harness_;
  size_t buffers_ = 0;
};

// A frame's pixels, mapped while it lives.
class Frame {
 public:
  explicit Frame(GstBuffer* buffer) : buffer_(buffer) {
    gst_buffer_map(buffer_, &map_, GST_MAP_READ);
    GstVideoInfo info;
    GstCaps* caps = gst_caps_from_string(kVideoCaps);
    gst_video_info_from_caps(&info, caps);
    gst_caps_unref(caps);
    pixels_ = {map_.data, kWidth, kHeight, GST_VIDEO_INFO_PLANE_STRIDE(&info, 0)};
  }
  ~Frame() { gst_buffer_unmap(buffer_, &map_); }
  const Pixels& pixels() const { return pixels_; }

 private:
  GstBuffer* buffer_;
  GstMapInfo map_;
  Pixels pixels_;
};

// Where the element draws the chart of `span` seconds from the start, with this legend.
plot::TimelineGeometry geometry(const std::vector<std::string>& legend, double span = 12.0) {
  plot::TimelineView view;
  view.to = span;
  return plot::timeline_geometry(plot::Canvas(kWidth, kHeight), legend, view);
}

struct Span {
  int x0, x1, y0, y1;
};
// The pixels strictly inside the time span [from, to] of the chart.
Span inside(const plot::TimelineGeometry& g, double from, double to) {
  return {static_cast<int>(std::ceil(g.x_pixel(from))) + 1, static_cast<int>(std::floor(g.x_pixel(to))) - 1,
          static_cast<int>(std::ceil(g.y_pixel(1.0))) + 1, static_cast<int>(std::floor(g.y_pixel(0.0))) - 1};
}
int count(const Frame& f, const std::string& label, const Span& s) {
  return count_colour(f.pixels(), colour_of(label), s.x0, s.y0, s.x1, s.y1);
}

// Windows of 1 s every 0.5 s: angry dominates the first eight, sad the next eight, then four
// windows without speech. Window i's column is [0.5 i + 0.25, 0.5 i + 0.75].
std::vector<Result> angry_sad_no_speech() {
  std::vector<Result> r;
  for (int i = 0; i < 20; ++i) {
    Result w;
    w.start = 0.5 * i;
    if (i < 8) w.probabilities = {0.7, 0.1, 0.1, 0.1};
    if (i >= 8 && i < 16) w.probabilities = {0.05, 0.15, 0.1, 0.7};
    r.push_back(w);
  }
  return r;
}

TEST(Scope, TheDominantLabelHasTheMostPixelsWhereItDominated) {
  ScopeRun run;
  ASSERT_EQ(run.push(12.0, angry_sad_no_speech()), GST_FLOW_OK);
  ASSERT_FALSE(run.harness().outputs().empty());
  const Frame last(run.harness().outputs().back());
  const auto g = geometry(kLabels);
  const Span angry = inside(g, 0.25, 4.25), sad = inside(g, 4.25, 8.25);
  for (const std::string& other : {"calm", "happy", "sad"}) EXPECT_GT(count(last, "angry", angry), 3 * count(last, other, angry)) << other;
  for (const std::string& other : {"angry", "calm", "happy"}) EXPECT_GT(count(last, "sad", sad), 3 * count(last, other, sad)) << other;
}

TEST(Scope, AStretchWithoutSpeechIsDrawnAsSuch) {
  ScopeRun run;
  ASSERT_EQ(run.push(12.0, angry_sad_no_speech()), GST_FLOW_OK);
  const Frame last(run.harness().outputs().back());
  const Span stretch = inside(geometry(kLabels), 8.25, 10.25);
  const int area = (stretch.x1 - stretch.x0) * (stretch.y1 - stretch.y0);
  const plot::Rgb fill = plot::kNoResultFill, hatch = plot::kNoResultHatch;
  EXPECT_GT(count_colour(last.pixels(), test::rgb8(fill.r, fill.g, fill.b), stretch.x0, stretch.y0, stretch.x1, stretch.y1),
            area / 2);
  EXPECT_GT(count_colour(last.pixels(), test::rgb8(hatch.r, hatch.g, hatch.b), stretch.x0, stretch.y0, stretch.x1,
                         stretch.y1, 24),
            area / 40);
  for (const std::string& l : kLabels) EXPECT_EQ(count(last, l, stretch), 0) << l;
}

TEST(Scope, TheLegendListsTheModelsLabels) {
  ScopeRun run;
  ASSERT_EQ(run.push(12.0, angry_sad_no_speech()), GST_FLOW_OK);
  const Frame last(run.harness().outputs().back());
  const auto g = geometry(kLabels);
  const Span legend{static_cast<int>(g.x_pixel(12.0)) + 4, kWidth, 0, kHeight};
  for (const std::string& l : kLabels) EXPECT_GT(count(last, l, legend), 40) << l;
  EXPECT_EQ(count(last, "neutral", legend), 0);
}

TEST(Scope, FramesFollowTheAudiosTimeAtTheNegotiatedRate) {
  ScopeRun run;
  ASSERT_EQ(run.push(3.0), GST_FLOW_OK);
  const auto& frames = run.harness().outputs();
  ASSERT_EQ(frames.size(), 30u);
  for (size_t n = 0; n < frames.size(); ++n) {
    EXPECT_EQ(GST_BUFFER_PTS(frames[n]), n * GST_SECOND / 10);
    EXPECT_EQ(GST_BUFFER_DURATION(frames[n]), GST_SECOND / 10);
    EXPECT_EQ(gst_buffer_get_size(frames[n]), static_cast<size_t>(kWidth * kHeight * 4));
  }
}

TEST(Scope, AtTheStartOfTheStreamTheChartIsEmptyWithANotice) {
  ScopeRun run;
  ASSERT_EQ(run.push(0.5), GST_FLOW_OK);
  ASSERT_EQ(run.harness().outputs().size(), 5u);
  const Frame first(run.harness().outputs().front());
  const Span chart = inside(geometry({}), 0.0, 12.0);
  EXPECT_GT(test::distinct_colours(first.pixels(), chart.x0, chart.y0, chart.x1, chart.y1), 2) << "a notice";
  for (const char* l : {"angry", "calm", "happy", "sad", "neutral"}) {
    EXPECT_EQ(count_colour(first.pixels(), colour_of(l), 0, 0, kWidth, kHeight), 0) << l;
  }
}

TEST(Scope, AloneItDrawsAnEmptyChartAndSaysSeremotionIsMissingWithoutAnError) {
  ScopeRun run;
  ASSERT_EQ(run.push(12.0), GST_FLOW_OK);
  const auto& frames = run.harness().outputs();
  ASSERT_EQ(frames.size(), 120u);
  EXPECT_TRUE(run.harness().take_messages(GST_MESSAGE_ERROR).empty());
  EXPECT_TRUE(run.harness().take_messages(GST_MESSAGE_WARNING).empty());
  // The notice changes once 10 s have passed without a result: the chart's middle differs.
  const Frame early(frames[50]), late(frames[115]);
  const Span chart = inside(geometry({}), 0.0, 12.0);
  const int mid = (chart.y0 + chart.y1) / 2;
  int differ = 0;
  for (int y = mid - 10; y < mid + 10; ++y) {
    for (int x = chart.x0; x < chart.x1; ++x) {
      const int now_x = static_cast<int>(std::lround(geometry({}).x_pixel(5.0)));
      const int late_x = static_cast<int>(std::lround(geometry({}).x_pixel(11.5)));
      if (std::abs(x - now_x) < 3 || std::abs(x - late_x) < 3) continue;  // the marker of the present
      differ += (early.pixels().at(x, y) & 0xffffff) != (late.pixels().at(x, y) & 0xffffff);
    }
  }
  EXPECT_GT(differ, 50) << "another notice";
}

TEST(Scope, AfterAModelSwapTheNewLabelsAreDrawnAndListed) {
  std::vector<Result> results;
  for (int i = 0; i < 8; ++i) results.push_back({0.5 * i, 1.0, kLabels, {0.7, 0.1, 0.1, 0.1}});
  const std::vector<std::string> swapped{"neutral", "boredom", "sad"};
  for (int i = 8; i < 16; ++i) results.push_back({0.5 * i, 1.0, swapped, {0.15, 0.8, 0.05}});
  ScopeRun run;
  ASSERT_EQ(run.push(12.0, results), GST_FLOW_OK);
  const Frame last(run.harness().outputs().back());
  const std::vector<std::string> legend{"neutral", "boredom", "sad", "angry", "calm", "happy"};
  const auto g = geometry(legend);
  const Span after = inside(g, 4.25, 8.25), before = inside(g, 0.25, 4.25);
  EXPECT_GT(count(last, "boredom", after), 3 * count(last, "neutral", after));
  EXPECT_EQ(count(last, "angry", after), 0);
  EXPECT_GT(count(last, "angry", before), 3 * count(last, "calm", before));
  const Span legend_area{static_cast<int>(g.x_pixel(12.0)) + 4, kWidth, 0, kHeight};
  for (const std::string& l : legend) EXPECT_GT(count(last, l, legend_area), 40) << l;
}

// The fields the voice-activity element adds: an untrusted window is paler; `smoothed` draws the
// moving average instead of the window's own numbers.
TEST(Scope, UntrustedWindowsArePalerAndSmoothedDrawsTheMovingAverage) {
  std::vector<Result> results;
  for (int i = 0; i < 8; ++i) {
    Result r{0.5 * i, 1.0, kLabels, {0.7, 0.1, 0.1, 0.1}};
    r.little_speech = i < 4;
    r.smoothed = {0.1, 0.1, 0.1, 0.7};
    results.push_back(r);
  }
  for (bool smoothed : {false, true}) {
    ScopeRun run;
    g_object_set(run.harness().element(), "smoothed", smoothed, nullptr);
    ASSERT_EQ(run.push(12.0, results), GST_FLOW_OK);
    const Frame last(run.harness().outputs().back());
    const auto g = geometry(kLabels);
    const Span untrusted = inside(g, 0.25, 2.25), trusted = inside(g, 2.25, 4.25);
    const std::string top = smoothed ? "sad" : "angry";
    EXPECT_EQ(count(last, top, untrusted), 0) << "paler";
    EXPECT_GT(count(last, top, trusted), 3 * count(last, "calm", trusted)) << top;
    EXPECT_LT(3 * count(last, smoothed ? "angry" : "sad", trusted), count(last, top, trusted));
  }
}

TEST(Scope, ResultsThatAreNotNumbersAreLeftOutWithAWarning) {
  std::vector<Result> results{{0.0, 1.0, kLabels, {NAN, 0.2, 0.2, 0.2}}, {0.5, 1.0, kLabels, {0.1, 0.1, 0.7, 0.1}}};
  ScopeRun run;
  ASSERT_EQ(run.push(3.0, results), GST_FLOW_OK);
  const Frame last(run.harness().outputs().back());
  const auto g = geometry(kLabels);
  // Alone, the window at 0.5 s is drawn as wide as itself, [0.5, 1.5]; the NaN one would reach 0.25 s.
  for (const std::string& l : kLabels) EXPECT_EQ(count(last, l, inside(g, 0.2, 0.48)), 0) << "the NaN window is not drawn";
  EXPECT_GT(count(last, "happy", inside(g, 0.75, 1.25)), 100);
  EXPECT_EQ(run.harness().take_messages(GST_MESSAGE_WARNING).size(), 1u);
}

void expect_refused(const char* video_caps, const char* says) {
  ScopeRun run(12 * GST_SECOND, video_caps);
  EXPECT_NE(run.push(0.2), GST_FLOW_OK);
  EXPECT_TRUE(run.harness().outputs().empty());
  const auto errors = run.harness().take_messages(GST_MESSAGE_ERROR);
  ASSERT_FALSE(errors.empty()) << video_caps;
  const std::string text = message_text(errors.front());
  EXPECT_NE(text.find("seremotionscope draws frames of 160x90 to 7680x4320 pixels"), std::string::npos) << text;
  EXPECT_NE(text.find(says), std::string::npos) << text;
}

TEST(Scope, AbsurdSizesAndRatesAreRefusedAtNegotiationInWords) {
  expect_refused("video/x-raw,format=BGRx,width=100000,height=360,framerate=30/1", "asks for 100000x360 at 30/1");
  expect_refused("video/x-raw,format=BGRx,width=20,height=10,framerate=30/1", "asks for 20x10");
  expect_refused("video/x-raw,format=BGRx,width=640,height=360,framerate=1000/1", "at 1000/1");
  expect_refused("video/x-raw,format=BGRx,width=640,height=360,framerate=0/1", "at 0/1");
}

TEST(Scope, PicksTheDefaultSizeAndRateWhenDownstreamTakesAny) {
  ScopeRun run(12 * GST_SECOND, "video/x-raw,format={BGRA,BGRx}");
  ASSERT_EQ(run.push(1.0), GST_FLOW_OK);
  ASSERT_EQ(run.harness().outputs().size(), 30u);
  GstCaps* caps = gst_pad_get_current_caps(run.harness().h()->sinkpad);
  ASSERT_NE(caps, nullptr);
  GstVideoInfo info;
  ASSERT_TRUE(gst_video_info_from_caps(&info, caps));
  EXPECT_EQ(GST_VIDEO_INFO_WIDTH(&info), 640);
  EXPECT_EQ(GST_VIDEO_INFO_HEIGHT(&info), 360);
  EXPECT_EQ(GST_VIDEO_INFO_FPS_N(&info), 30);
  EXPECT_EQ(GST_VIDEO_INFO_FPS_D(&info), 1);
  gst_caps_unref(caps);
}

// Through a real seremotion: the bands of each window are as tall as the probabilities of its
// bus message.
TEST(Scope, DrawsTheNumbersSeremotionReports) {
  GError* error = nullptr;
  const std::string model = write_test_model("scope-model");
  const std::string description =
      "seremotion model-location=" + model + " silence-gate=false ! seremotionscope time-span=10000000000";
  GstElement* bin = gst_parse_bin_from_description(description.c_str(), TRUE, &error);
  ASSERT_NE(bin, nullptr) << (error != nullptr ? error->message : "");
  Harness h(bin, audio_caps("F32LE", kRate, 1));
  gst_harness_set_sink_caps_str(h.h(), kVideoCaps);
  ASSERT_EQ(h.push_f32(voice(6 * kRate, kRate), 1, kRate / 10, kRate), GST_FLOW_OK);
  const std::vector<GstStructure*> messages = h.take("seremotion");
  ASSERT_GE(messages.size(), 15u);
  ASSERT_EQ(h.outputs().size(), 60u);
  const Frame last(h.outputs().back());
  const auto g = geometry(strings_field(messages.front(), "labels"), 10.0);
  const double chart_pixels = g.y_pixel(0.0) - g.y_pixel(1.0);
  // The test model's windows: 0.5 s every 0.25 s; window i's column is centred at 0.25 i + 0.25.
  for (size_t i = 0; i + 1 < messages.size(); ++i) {
    const double centre = static_cast<double>(uint64_field(messages[i], "timestamp")) / GST_SECOND + 0.25;
    const int x = static_cast<int>(std::lround(g.x_pixel(centre)));
    const std::vector<std::string> labels = strings_field(messages[i], "labels");
    const std::vector<double> p = doubles_field(messages[i], "probabilities");
    for (size_t k = 0; k < labels.size(); ++k) {
      EXPECT_NEAR(count_colour(last.pixels(), colour_of(labels[k]), x, 0, x + 1, kHeight), p[k] * chart_pixels, 2.0)
          << "window " << i << ", " << labels[k];
    }
  }
}

}  // namespace
}  // namespace ser::gst_test
