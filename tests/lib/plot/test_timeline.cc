// lib/plot: the label colours, the timeline of results and its chart, checked on the pixels drawn.
#include <gtest/gtest.h>

#include <cairo.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/pixels.h"
#include "plot/label_colours.h"
#include "plot/timeline.h"
#include "plot/timeline_chart.h"

namespace ser::plot {
namespace {

using test::count_colour;
using test::Pixels;
using test::Rgb8;

Rgb8 rgb8(Rgb c) { return test::rgb8(c.r, c.g, c.b); }

Pixels pixels_of(const Canvas& canvas) {
  cairo_surface_t* s = cairo_get_target(canvas.cr());
  cairo_surface_flush(s);
  return {cairo_image_surface_get_data(s), cairo_image_surface_get_width(s), cairo_image_surface_get_height(s),
          cairo_image_surface_get_stride(s)};
}

const std::vector<std::string> kLabels{"angry", "calm", "happy", "sad"};

// A window of 3 s starting at `start` s (hop 1 s), classified with `probabilities`.
TimelineWindow classified(const Timeline& t, double start, std::vector<double> probabilities,
                          const std::vector<std::string>& labels = kLabels) {
  TimelineWindow w;
  w.start = start;
  w.duration = 3.0;
  w.labels = t.share_labels(labels);
  w.probabilities = std::move(probabilities);
  size_t top = 0;
  for (size_t k = 1; k < w.probabilities.size(); ++k) {
    if (w.probabilities[k] > w.probabilities[top]) top = k;
  }
  w.label = labels[top];
  w.confidence = w.probabilities[top];
  return w;
}

TimelineWindow not_heard(const Timeline& t, double start, Verdict verdict) {
  TimelineWindow w;
  w.start = start;
  w.duration = 3.0;
  w.verdict = verdict;
  w.labels = t.share_labels(kLabels);
  w.label = verdict == Verdict::Silence ? "silence" : "no-speech";
  w.confidence = 1.0;
  return w;
}

// Angry dominates the windows starting at 0..4 s, sad those at 5..9 s, then three windows without
// speech (10..12 s).
Timeline angry_sad_silent() {
  Timeline t;
  for (int i = 0; i < 5; ++i) t.add(classified(t, i, {0.7, 0.1, 0.1, 0.1}));
  for (int i = 5; i < 10; ++i) t.add(classified(t, i, {0.1, 0.15, 0.05, 0.7}));
  for (int i = 10; i < 13; ++i) t.add(not_heard(t, i, Verdict::NoSpeech));
  return t;
}

// The pixel columns strictly inside the column of the window starting at `start` (hop 1 s).
struct PixelSpan {
  int x0, x1, y0, y1;
};
PixelSpan inside(const TimelineGeometry& g, double from_s, double to_s) {
  return {static_cast<int>(std::ceil(g.x_pixel(from_s))) + 1, static_cast<int>(std::floor(g.x_pixel(to_s))) - 1,
          static_cast<int>(std::ceil(g.y_pixel(1.0))) + 1, static_cast<int>(std::floor(g.y_pixel(0.0))) - 1};
}

TEST(LabelColours, TheVocabularysLabelsHaveFixedDistinctColours) {
  const Rgb angry = label_colour("angry");
  EXPECT_NEAR(angry.r, 0xcc / 255.0, 1e-9);
  EXPECT_NEAR(angry.g, 0x66 / 255.0, 1e-9);
  EXPECT_NEAR(angry.b, 0x77 / 255.0, 1e-9);
  std::set<std::tuple<int, int, int>> seen;
  for (const char* l : {"neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised", "boredom"}) {
    const Rgb8 c = rgb8(label_colour(l));
    seen.insert({c.r, c.g, c.b});
    EXPECT_FALSE(test::same_colour(c, rgb8(kNoResultFill), 16)) << l << " looks like a window without result";
  }
  EXPECT_EQ(seen.size(), 9u);
}

TEST(LabelColours, AnyOtherLabelKeepsItsColour) {
  const Rgb a = label_colour("pleasantly surprised");
  const Rgb b = label_colour("pleasantly surprised");
  EXPECT_EQ(a.r, b.r);
  EXPECT_EQ(a.g, b.g);
  EXPECT_EQ(a.b, b.b);
  std::set<std::tuple<int, int, int>> seen;
  for (const char* l : {"excited", "frustrated", "anxious", "apologetic", "assertive", "concerned", "encouraging"}) {
    const Rgb8 c = rgb8(label_colour(l));
    seen.insert({c.r, c.g, c.b});
  }
  EXPECT_GE(seen.size(), 4u) << "the hash spreads labels over the palette";
}

TEST(Timeline, KeepsTimeOrderAndForgetsThePast) {
  Timeline t;
  for (int i = 0; i < 5; ++i) t.add(classified(t, i, {1, 0, 0, 0}));
  EXPECT_EQ(t.windows().size(), 5u);
  EXPECT_EQ(t.windows()[0].labels, t.windows()[4].labels) << "one label list for the stream";
  t.forget_before(5.5);  // windows of 3 s: those starting before 2.5 s have ended
  ASSERT_EQ(t.windows().size(), 2u);
  EXPECT_EQ(t.windows().front().start, 3.0);
  t.add(classified(t, 1.0, {1, 0, 0, 0}));  // time went back: a new segment
  ASSERT_EQ(t.windows().size(), 1u);
  EXPECT_EQ(t.windows().front().start, 1.0);
}

TEST(TimelineChart, TheDominantLabelHasTheMostPixelsWhereItDominates) {
  const Timeline t = angry_sad_silent();
  const Canvas canvas(640, 360);
  TimelineView view;
  view.from = 0.0;
  view.to = 16.0;
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  const Pixels img = pixels_of(canvas);
  // Windows start every second and last 3 s: the window starting at i covers [i + 1, i + 2].
  const PixelSpan angry_part = inside(g, 1.0, 6.0);
  const PixelSpan sad_part = inside(g, 6.0, 11.0);
  auto count = [&](const std::string& label, const PixelSpan& s) {
    return count_colour(img, rgb8(label_colour(label)), s.x0, s.y0, s.x1, s.y1);
  };
  for (const std::string& other : {"calm", "happy", "sad"}) {
    EXPECT_GT(count("angry", angry_part), 3 * count(other, angry_part)) << other;
  }
  for (const std::string& other : {"angry", "calm", "happy"}) {
    EXPECT_GT(count("sad", sad_part), 3 * count(other, sad_part)) << other;
  }
  // Each band is as tall as its probability: 0.7 of the chart, within a pixel or two.
  const int column = (angry_part.x0 + angry_part.x1) / 2;
  const double chart_pixels = g.y_pixel(0.0) - g.y_pixel(1.0);
  EXPECT_NEAR(count_colour(img, rgb8(label_colour("angry")), column, 0, column + 1, img.height), 0.7 * chart_pixels, 2.0);
  EXPECT_NEAR(count_colour(img, rgb8(label_colour("calm")), column, 0, column + 1, img.height), 0.1 * chart_pixels, 2.0);
}

TEST(TimelineChart, AStretchWithoutSpeechIsGreyAndHatched) {
  const Timeline t = angry_sad_silent();
  const Canvas canvas(640, 360);
  TimelineView view;
  view.to = 16.0;
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  const Pixels img = pixels_of(canvas);
  const PixelSpan stretch = inside(g, 11.0, 14.0);
  const int area = (stretch.x1 - stretch.x0) * (stretch.y1 - stretch.y0);
  const int fill = count_colour(img, rgb8(kNoResultFill), stretch.x0, stretch.y0, stretch.x1, stretch.y1);
  const int hatch = count_colour(img, rgb8(kNoResultHatch), stretch.x0, stretch.y0, stretch.x1, stretch.y1, 24);
  EXPECT_GT(fill, area / 2);
  EXPECT_GT(hatch, area / 40) << "hatched";
  for (const std::string& l : kLabels) {
    EXPECT_EQ(count_colour(img, rgb8(label_colour(l)), stretch.x0, stretch.y0, stretch.x1, stretch.y1), 0) << l;
  }
}

TEST(TimelineChart, TheLegendListsTheModelsLabelsInTheirColours) {
  const Timeline t = angry_sad_silent();
  TimelineView view;
  view.to = 16.0;
  EXPECT_EQ(legend_labels(t, view), kLabels);
  const Canvas canvas(640, 360);
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  const Pixels img = pixels_of(canvas);
  const int legend_left = static_cast<int>(g.x_pixel(view.to)) + 2;
  for (const std::string& l : kLabels) {
    EXPECT_GT(count_colour(img, rgb8(label_colour(l)), legend_left, 0, img.width, img.height), 40) << l;
  }
}

TEST(TimelineChart, AfterAModelSwapTheLegendHasTheNewLabelsFirstAndTheOldWhileInView) {
  Timeline t;
  for (int i = 0; i < 3; ++i) t.add(classified(t, i, {0.7, 0.1, 0.1, 0.1}));
  const std::vector<std::string> swapped{"neutral", "happy", "boredom"};
  for (int i = 3; i < 6; ++i) t.add(classified(t, i, {0.2, 0.1, 0.7}, swapped));
  TimelineView view;
  view.to = 10.0;
  EXPECT_EQ(legend_labels(t, view), (std::vector<std::string>{"neutral", "happy", "boredom", "angry", "calm", "sad"}));
  view.from = 5.0;  // the old model's windows out of view
  view.to = 15.0;
  EXPECT_EQ(legend_labels(t, view), swapped);
  const Canvas canvas(640, 360);
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  const Pixels img = pixels_of(canvas);
  const PixelSpan last = inside(g, 6.0, 7.0);  // the window at 5 s
  EXPECT_GT(count_colour(img, rgb8(label_colour("boredom")), last.x0, last.y0, last.x1, last.y1),
            2 * count_colour(img, rgb8(label_colour("neutral")), last.x0, last.y0, last.x1, last.y1));
}

TEST(TimelineChart, AnEmptyTimelineDrawsTheAxesAndTheNotice) {
  const Timeline t;
  const Canvas canvas(640, 360);
  TimelineView view;
  view.notice = "no seremotion results yet";
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  const Pixels img = pixels_of(canvas);
  const PixelSpan chart = inside(g, view.from, view.to);
  EXPECT_GT(test::distinct_colours(img, chart.x0, chart.y0, chart.x1, chart.y1), 2) << "the notice is written";
  for (const char* l : {"angry", "neutral", "sad"}) {
    EXPECT_EQ(count_colour(img, rgb8(label_colour(l)), 0, 0, img.width, img.height), 0) << l;
  }
}

TEST(TimelineChart, UntrustedWindowsArePaler) {
  Timeline t;
  TimelineWindow w = classified(t, 0.0, {1.0, 0, 0, 0});
  w.distrust = "little speech";
  t.add(w);
  const Canvas canvas(640, 360);
  TimelineView view;
  view.to = 4.0;
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  const PixelSpan col = inside(g, 1.0, 2.0);
  const Pixels img = pixels_of(canvas);
  EXPECT_EQ(count_colour(img, rgb8(label_colour("angry")), col.x0, col.y0, col.x1, col.y1), 0);
  EXPECT_EQ(headline_of(w).note, "low trust: little speech");
}

TEST(TimelineChart, ScalesToTheCanvasAndDrawsIntoPixelsItDoesNotOwn) {
  const Timeline t = angry_sad_silent();
  TimelineView view;
  view.to = 16.0;
  const int width = 1280, height = 720, stride = width * 4 + 64;
  std::vector<unsigned char> frame(static_cast<size_t>(stride) * height, 0);
  const Canvas canvas(frame.data(), width, height, stride, false);
  const TimelineGeometry g = draw_timeline(canvas, t, view);
  EXPECT_DOUBLE_EQ(g.scale, 2.0);
  const Pixels img{frame.data(), width, height, stride};
  const PixelSpan angry_part = inside(g, 1.0, 6.0);
  const int column = (angry_part.x0 + angry_part.x1) / 2;
  EXPECT_NEAR(count_colour(img, rgb8(label_colour("angry")), column, 0, column + 1, height),
              0.7 * (g.y_pixel(0.0) - g.y_pixel(1.0)), 2.0);
  for (int y = 0; y < height; ++y) EXPECT_EQ(frame[static_cast<size_t>(y) * stride + width * 4 + 10], 0) << "row padding untouched";
}

TEST(TimelineChart, RefusesTinyCanvasesAndEmptyViews) {
  const Timeline t;
  EXPECT_THROW(draw_timeline(Canvas(100, 60), t, TimelineView{}), ParameterError);
  TimelineView backwards;
  backwards.from = 5.0;
  backwards.to = 5.0;
  EXPECT_THROW(draw_timeline(Canvas(640, 360), t, backwards), ParameterError);
}

}  // namespace
}  // namespace ser::plot
