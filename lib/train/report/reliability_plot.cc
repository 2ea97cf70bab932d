// reliability.png (plots.h): the reliability diagrams of a report, before and after calibration.
#include <algorithm>
#include <cstdio>
#include <string>

#include "common/error.h"
#include "plot/canvas.h"
#include "train/report/plots.h"

namespace ser::train {
namespace {

using plot::Align;
using plot::Canvas;
using plot::Frame;
using plot::LegendEntry;
using plot::Rgb;
using plot::text_style;

constexpr double kTitleFont = 16.0;
constexpr double kMargin = 12.0;
constexpr Rgb kGapRed{0.90, 0.45, 0.40};

std::string three_decimals(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// One panel: per bin the accuracy (bar), the gap to the bin's mean confidence, its count.
void draw_panel(const Canvas& canvas, const Frame& frame, const Reliability& r, const std::string& name) {
  const plot::Ticks ticks = plot::numeric_ticks(0.0, 1.0, 6);
  const double ece = r.ece();
  const std::string title = name + (r.n() ? " (ECE " + three_decimals(ece) + ")" : " (no items)");
  plot::draw_axes(canvas, frame, ticks, ticks, {title, "confidence (probability of the top class)", "accuracy"});
  const std::size_t bins = r.count.size();
  const double width = 1.0 / double(bins);
  for (std::size_t b = 0; b < bins; ++b) {
    if (r.count[b] == 0) continue;
    const double x0 = frame.px(b * width) + 1.0, x1 = frame.px((b + 1) * width) - 1.0;
    const double acc = r.accuracy(b), conf = r.mean_confidence(b);
    canvas.fill_rect(x0, frame.py(acc), x1 - x0, frame.py(0.0) - frame.py(acc), plot::palette(0));
    const double lo = std::min(acc, conf), hi = std::max(acc, conf);
    canvas.fill_rect(x0, frame.py(hi), x1 - x0, frame.py(lo) - frame.py(hi), kGapRed);
    canvas.text(std::to_string(r.count[b]), (x0 + x1) / 2.0, frame.py(hi) - 3.0,
                text_style(9.0, Align::Centre, Align::End, plot::kAxisGrey));
  }
  canvas.line(frame.px(0.0), frame.py(0.0), frame.px(1.0), frame.py(1.0), plot::kBlack, 1.2, true);
}

}  // namespace

void plot_reliability(const Reliability& before, const Reliability& after, const std::string& title,
                      const std::string& png_path, PlotSize size) {
  check_plot_size(size, png_path);
  if (before.count.empty() || before.count.size() != after.count.size()) {
    throw ParameterError("plot_reliability: " + std::to_string(before.count.size()) + " and " +
                         std::to_string(after.count.size()) + " bins for '" + png_path + "'; give two of as many");
  }
  const Canvas canvas(size.width, size.height);
  const std::vector<LegendEntry> legend = {{"accuracy", plot::palette(0), LegendEntry::Mark::Box},
                                           {"gap to the confidence", kGapRed, LegendEntry::Mark::Box},
                                           {"perfect calibration", plot::kBlack, LegendEntry::Mark::DashedLine}};
  constexpr double left = 72.0;
  constexpr double gap = 84.0;
  const double panel_width = (size.width - left - gap - plot::legend_width(canvas, legend) - 2.0 * kMargin - 16.0) / 2.0;
  Frame a;
  a.left = left;
  a.top = kMargin + kTitleFont + 52.0;
  a.width = panel_width;
  a.height = std::min(panel_width, size.height - a.top - 60.0);
  Frame b = a;
  b.left = a.right() + gap;
  draw_panel(canvas, a, before, "Before calibration");
  draw_panel(canvas, b, after, "After calibration");
  plot::draw_legend(canvas, size.width - kMargin, a.top, legend);
  canvas.text(title, (a.left + b.right()) / 2.0, kMargin,
              text_style(kTitleFont, Align::Centre, Align::Start, plot::kBlack, 0.0, true));
  canvas.save_png(png_path);
}

}  // namespace ser::train
