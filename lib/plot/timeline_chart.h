// seremotion: the timeline chart, one drawing for the live view (the seremotionscope element) and
// for a whole file (`ser-train predict --plot`), so that the two agree.
//
//   +--------------------------------------------------------------------------+
//   | [#] angry  81 %  uncertain                                         title |  headline
//   | 100 % +------------------------------------------------+ +-----------+  |
//   |       |##########|##########|//////////|###            | | # angry   |  |
//   |  prob-|  stacked bands, one column per window          | | # calm    |  |  legend
//   |  ility|##########|##########|/no speech|###            | | ...       |  |
//   |   0 % +------------------------------------------------+ | # no speech| |
//   |        12      14      16      18      20                              |
//   |                         time (s)                                       |
//   +--------------------------------------------------------------------------+
//
// Each window is a column centred on the window, as wide as the time to the next window's start
// (so that overlapping windows tile the axis), never wider than the window. A classified window
// stacks its probabilities from the bottom, one band per label in the model's order, each in its
// label's colour (label_colours.h): the label that dominates has the tallest band. An untrusted
// window (little speech, low level, clipped) is drawn in paler colours. A window the network did
// not hear (silence, no speech) is grey and hatched, and a stretch of them is labelled "silence"
// or "no speech". The headline is the latest window's result (or one given, such as a whole
// file's); the legend lists the model's labels.
//
// The layout is made for a canvas of 640 x 360 points and scaled to the canvas
// (scale = min(width / 640, height / 360), kept within [0.5, 4]), so that text keeps its
// proportions at any size. Canvases under 160 x 90 pixels are refused (ParameterError).
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "plot/canvas.h"
#include "plot/timeline.h"

namespace ser::plot {

inline constexpr int kTimelineMinWidth = 160;   // pixels
inline constexpr int kTimelineMinHeight = 90;   // pixels

struct Headline {
  std::string label;        // written large; a label of no result ("silence", "no-speech") in grey
  double confidence = NAN;  // in [0, 1], written as a percentage when finite
  std::string note;         // smaller, after it: "uncertain", "low trust: little speech", ...
};

struct TimelineView {
  double from = 0.0;                  // s at the left edge of the chart
  double to = 10.0;                   // s at the right edge, > from
  double now = NAN;                   // s: a marker for the present (live), none when NaN
  std::optional<Headline> headline;   // default: the latest window's result
  std::string title;                  // small, top right (e.g. a file name); empty: none
  std::string notice;                 // written across the chart ("no results yet"); empty: none
};

// Where the chart lies on the canvas (for tests and overlays).
struct TimelineGeometry {
  double scale = 1.0;  // pixels per point
  Frame chart;         // in points: x in seconds, y in probability [0, 1]

  double x_pixel(double t) const { return scale * chart.px(t); }
  double y_pixel(double p) const { return scale * chart.py(p); }
};

// The labels the legend lists: the latest window's model's labels in their order, then the other
// labels of windows still in view (from before a model swap).
std::vector<std::string> legend_labels(const Timeline& timeline, const TimelineView& view);

// The geometry draw_timeline uses on `canvas` for `view` with a legend of these labels.
TimelineGeometry timeline_geometry(const Canvas& canvas, const std::vector<std::string>& legend,
                                   const TimelineView& view);

// The headline of a window: its label and confidence, with "uncertain" or why it is not trusted.
Headline headline_of(const TimelineWindow& window);

// Draws the chart over the whole canvas (which it paints white first). ParameterError for a
// canvas under kTimelineMinWidth x kTimelineMinHeight or a view with to <= from.
TimelineGeometry draw_timeline(const Canvas& canvas, const Timeline& timeline, const TimelineView& view);

}  // namespace ser::plot
