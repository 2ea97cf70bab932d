#include "plot/timeline_chart.h"

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "plot/label_colours.h"

namespace ser::plot {
namespace {

constexpr double kBaseWidth = 640.0;   // points: the layout's design size
constexpr double kBaseHeight = 360.0;
constexpr double kMargin = 8.0;
constexpr double kHeadlineHeight = 38.0;
constexpr double kHeadlineFont = 26.0;
constexpr double kConfidenceFont = 20.0;
constexpr double kNoteFont = 13.0;
constexpr double kSwatch = 24.0;
constexpr double kChartLeft = 72.0;    // room for the y tick labels and title
constexpr double kBelowChart = 46.0;   // x tick labels and the axis title
constexpr double kLegendGap = 12.0;
constexpr double kLegendRow = 18.0;    // canvas.cc's legend row and padding
constexpr double kLegendPad = 8.0;
constexpr double kHatchSpacing = 8.0;
constexpr double kUntrustedPale = 0.55;  // share of white mixed into an untrusted window's colours

const char* const kNoSpeechText = "no speech";
const char* const kSilenceText = "silence";

double scale_for(const Canvas& canvas) {
  return std::clamp(std::min(canvas.width() / kBaseWidth, canvas.height() / kBaseHeight), 0.5, 4.0);
}

Rgb paler(Rgb c, double white) {
  return {c.r + (1.0 - c.r) * white, c.g + (1.0 - c.g) * white, c.b + (1.0 - c.b) * white};
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", 100.0 * std::clamp(share, 0.0, 1.0));
  return buf;
}

bool is_no_result_label(const std::string& label) {
  return label == "no-speech" || label == kNoSpeechText || label == kSilenceText;
}

// The legend's entries, cut to the rows that fit in `height` points (the last one then says how
// many labels it leaves out).
std::vector<LegendEntry> legend_entries(const std::vector<std::string>& labels, double height) {
  std::vector<LegendEntry> entries;
  for (const std::string& l : labels) entries.push_back({l, label_colour(l), LegendEntry::Mark::Box});
  entries.push_back({kNoSpeechText, kNoResultFill, LegendEntry::Mark::Box});
  const auto rows = static_cast<size_t>(std::max(1.0, std::floor((height - 2.0 * kLegendPad) / kLegendRow)));
  if (entries.size() > rows) {
    const size_t left_out = entries.size() - (rows - 1);
    entries.resize(rows - 1);
    entries.push_back({"+" + std::to_string(left_out) + " more", kWhite, LegendEntry::Mark::Box});
  }
  return entries;
}

struct Layout {
  double scale = 1.0;
  double width = kBaseWidth;   // of the canvas, in points
  double height = kBaseHeight;
  Frame chart;
  std::vector<LegendEntry> legend;
};

Layout layout(const Canvas& canvas, const std::vector<std::string>& labels, const TimelineView& view) {
  Layout l;
  l.scale = scale_for(canvas);
  l.width = canvas.width() / l.scale;
  l.height = canvas.height() / l.scale;
  l.chart.top = kMargin + kHeadlineHeight + 10.0;
  l.chart.height = std::max(10.0, l.height - l.chart.top - kBelowChart);
  l.legend = legend_entries(labels, l.height - l.chart.top - kMargin);
  l.chart.left = kChartLeft;
  l.chart.width = std::max(10.0, l.width - kChartLeft - kMargin - kLegendGap - legend_width(canvas, l.legend));
  l.chart.x_lo = view.from;
  l.chart.x_hi = view.to;
  l.chart.y_lo = 0.0;
  l.chart.y_hi = 1.0;
  return l;
}

// The time each window's column covers: centred on the window, as wide as the time to its
// neighbour's start (the hop, so that overlapping windows tile the axis), at most the window.
struct Column {
  double from = 0.0;
  double to = 0.0;
};

std::vector<Column> columns(const std::deque<TimelineWindow>& windows) {
  std::vector<Column> out;
  out.reserve(windows.size());
  for (size_t i = 0; i < windows.size(); ++i) {
    const TimelineWindow& w = windows[i];
    double spacing = w.duration;
    if (i + 1 < windows.size() && windows[i + 1].start > w.start) {
      spacing = windows[i + 1].start - w.start;
    } else if (i > 0 && w.start > windows[i - 1].start) {
      spacing = w.start - windows[i - 1].start;
    }
    const double width = std::min(spacing, w.duration);
    const double centre = w.start + w.duration / 2.0;
    out.push_back({centre - width / 2.0, centre + width / 2.0});
  }
  return out;
}

void draw_bands(const Canvas& canvas, const Frame& f, const TimelineWindow& w, const Column& c) {
  if (!w.labels) return;
  const double x0 = f.px(c.from);
  const double x1 = f.px(c.to);
  double below = 0.0;
  const size_t n = std::min(w.labels->size(), w.probabilities.size());
  for (size_t k = 0; k < n; ++k) {
    const double p = std::isfinite(w.probabilities[k]) ? std::clamp(w.probabilities[k], 0.0, 1.0) : 0.0;
    if (p <= 0.0) continue;
    Rgb colour = label_colour((*w.labels)[k]);
    if (!w.distrust.empty()) colour = paler(colour, kUntrustedPale);
    const double top = f.py(std::min(1.0, below + p));
    canvas.fill_rect(x0, top, x1 - x0, f.py(below) - top, colour);
    below += p;
  }
}

void draw_no_result(const Canvas& canvas, const Frame& f, double from, double to, Verdict verdict) {
  const double x0 = f.px(from);
  const double x1 = f.px(to);
  canvas.fill_rect(x0, f.top, x1 - x0, f.height, kNoResultFill);
  {
    const Clip clip(canvas, x0, f.top, x1 - x0, f.height);
    canvas.set_antialias(true);
    // Diagonals from the bottom-left, placed on the chart's grid so that neighbours line up.
    const double first = f.left + std::floor((x0 - f.height - f.left) / kHatchSpacing) * kHatchSpacing;
    for (double x = first; x < x1; x += kHatchSpacing) {
      canvas.line(x, f.bottom(), x + f.height, f.top, kNoResultHatch, 1.0);
    }
    canvas.set_antialias(false);
  }
  const char* text = verdict == Verdict::Silence ? kSilenceText : kNoSpeechText;
  if (canvas.text_width(text, 12.0) + 8.0 <= x1 - x0) {
    TextStyle s = text_style(12.0, Align::Centre, Align::Centre, kAxisGrey);
    s.backdrop = 0.8;
    canvas.set_antialias(true);
    canvas.text(text, (x0 + x1) / 2.0, f.top + f.height / 2.0, s);
    canvas.set_antialias(false);
  }
}

// The columns of the windows in view: bands for classified windows, a grey hatched stretch for
// each run of windows the network did not hear.
void draw_windows(const Canvas& canvas, const Frame& f, const Timeline& timeline, const TimelineView& view) {
  const auto& windows = timeline.windows();
  const std::vector<Column> cols = columns(windows);
  const Clip clip(canvas, f.left, f.top, f.width, f.height);
  canvas.set_antialias(false);  // crisp bands: every pixel one label's colour
  for (size_t i = 0; i < windows.size(); ++i) {
    if (cols[i].to <= view.from || cols[i].from >= view.to) continue;
    const TimelineWindow& w = windows[i];
    if (w.classified()) {
      draw_bands(canvas, f, w, cols[i]);
      continue;
    }
    // A run of windows with this verdict whose columns touch.
    size_t last = i;
    while (last + 1 < windows.size() && windows[last + 1].verdict == w.verdict &&
           cols[last + 1].from <= cols[last].to + 1e-9) {
      ++last;
    }
    draw_no_result(canvas, f, cols[i].from, cols[last].to, w.verdict);
    i = last;
  }
  canvas.set_antialias(true);
}

Ticks time_ticks(const Frame& f, const TimelineView& view) {
  const int max_ticks = std::max(2, static_cast<int>(f.width / 64.0));
  const Ticks all = numeric_ticks(view.from, view.to, max_ticks);
  Ticks t;
  const double eps = (view.to - view.from) * 1e-9;
  for (size_t i = 0; i < all.at.size(); ++i) {
    if (all.at[i] < view.from - eps || all.at[i] > view.to + eps) continue;
    t.at.push_back(all.at[i]);
    t.labels.push_back(all.labels[i]);
  }
  return t;
}

Ticks probability_ticks() {
  Ticks t;
  for (int pct = 0; pct <= 100; pct += 25) {
    t.at.push_back(pct / 100.0);
    t.labels.push_back(pct % 50 == 0 ? std::to_string(pct) + " %" : "");
  }
  return t;
}

// Draws the headline; returns where its text ends.
double draw_headline(const Canvas& canvas, const Headline& h) {
  const double mid = kMargin + kHeadlineHeight / 2.0;
  const bool no_result = is_no_result_label(h.label);
  const double sx = kMargin;
  const double sy = mid - kSwatch / 2.0;
  if (!h.label.empty()) {
    canvas.fill_rect(sx, sy, kSwatch, kSwatch, no_result ? kNoResultFill : label_colour(h.label));
    canvas.stroke_rect(sx, sy, kSwatch, kSwatch, kAxisGrey, 1.0);
  }
  double x = sx + kSwatch + 10.0;
  const std::string label = h.label == "no-speech" ? kNoSpeechText : h.label.empty() ? "no result yet" : h.label;
  const Rgb ink = no_result || h.label.empty() ? kAxisGrey : kBlack;
  canvas.text(label, x, mid, text_style(kHeadlineFont, Align::Start, Align::Centre, ink, 0.0, true));
  x += canvas.text_width(label, kHeadlineFont, true) + 12.0;
  if (std::isfinite(h.confidence)) {
    const std::string c = percent(h.confidence);
    canvas.text(c, x, mid, text_style(kConfidenceFont, Align::Start, Align::Centre));
    x += canvas.text_width(c, kConfidenceFont) + 12.0;
  }
  if (!h.note.empty()) {
    canvas.text(h.note, x, mid, text_style(kNoteFont, Align::Start, Align::Centre, kAxisGrey));
    x += canvas.text_width(h.note, kNoteFont);
  }
  return x;
}

// The title at the right of the headline row, its start cut off ("...") where the headline leaves
// too little room (a long path keeps its file name).
void draw_title(const Canvas& canvas, const std::string& title, const Layout& l, double headline_end) {
  const double room = l.width - kMargin - headline_end - 16.0;
  std::string shown = title;
  size_t cut = 0;
  while (!shown.empty() && canvas.text_width(shown, kNoteFont) > room && cut < title.size()) {
    shown = "..." + title.substr(++cut);
  }
  if (shown.empty() || canvas.text_width(shown, kNoteFont) > room) return;
  canvas.text(shown, l.width - kMargin, kMargin + kHeadlineHeight / 2.0,
              text_style(kNoteFont, Align::End, Align::Centre, kAxisGrey));
}

void draw_notice(const Canvas& canvas, const Frame& f, const std::string& notice) {
  if (notice.empty()) return;
  double size = 15.0;
  while (size > 8.0 && canvas.text_width(notice, size) > f.width - 16.0) size -= 1.0;
  TextStyle s = text_style(size, Align::Centre, Align::Centre, kAxisGrey);
  s.backdrop = 0.85;
  canvas.text(notice, f.left + f.width / 2.0, f.top + f.height / 2.0, s);
}

void draw_now(const Canvas& canvas, const Frame& f, const TimelineView& view) {
  if (!std::isfinite(view.now) || view.now < view.from || view.now > view.to) return;
  const double x = f.px(view.now);
  canvas.line(x, f.top, x, f.bottom(), kAxisGrey, 1.5, true);
}

}  // namespace

std::vector<std::string> legend_labels(const Timeline& timeline, const TimelineView& view) {
  std::vector<std::string> out;
  const auto& windows = timeline.windows();
  auto add = [&](const std::vector<std::string>& labels) {
    for (const std::string& l : labels) {
      if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    }
  };
  for (auto it = windows.rbegin(); it != windows.rend(); ++it) {
    if (it->labels) {
      add(*it->labels);
      break;
    }
  }
  const std::vector<Column> cols = columns(windows);
  for (size_t i = 0; i < windows.size(); ++i) {
    if (windows[i].labels && windows[i].classified() && cols[i].to > view.from && cols[i].from < view.to) {
      add(*windows[i].labels);
    }
  }
  return out;
}

TimelineGeometry timeline_geometry(const Canvas& canvas, const std::vector<std::string>& legend,
                                   const TimelineView& view) {
  const Layout l = layout(canvas, legend, view);
  TimelineGeometry g;
  g.scale = l.scale;
  g.chart = l.chart;
  return g;
}

Headline headline_of(const TimelineWindow& w) {
  Headline h;
  h.label = w.label;
  if (w.verdict == Verdict::Silence) {
    h.label = kSilenceText;
  } else if (w.verdict == Verdict::NoSpeech) {
    h.label = kNoSpeechText;
  } else {
    h.confidence = w.confidence;
    if (w.uncertain) h.note = "uncertain";
    if (!w.distrust.empty()) h.note += (h.note.empty() ? "" : ", ") + std::string("low trust: ") + w.distrust;
  }
  return h;
}

TimelineGeometry draw_timeline(const Canvas& canvas, const Timeline& timeline, const TimelineView& view) {
  if (canvas.width() < kTimelineMinWidth || canvas.height() < kTimelineMinHeight) {
    throw ParameterError("a timeline needs at least " + std::to_string(kTimelineMinWidth) + " x " +
                         std::to_string(kTimelineMinHeight) + " pixels (got " + std::to_string(canvas.width()) +
                         " x " + std::to_string(canvas.height()) + ")");
  }
  if (!(view.to > view.from) || !std::isfinite(view.from) || !std::isfinite(view.to)) {
    throw ParameterError("a timeline's view must end after it starts (from " + std::to_string(view.from) + " s to " +
                         std::to_string(view.to) + " s)");
  }
  const Layout l = layout(canvas, legend_labels(timeline, view), view);
  canvas.clear(kWhite);
  const Scaled scaled(canvas, l.scale);
  draw_axes(canvas, l.chart, time_ticks(l.chart, view), probability_ticks(), {"", "time (s)", "probability"});
  draw_windows(canvas, l.chart, timeline, view);
  canvas.stroke_rect(l.chart.left, l.chart.top, l.chart.width, l.chart.height, kAxisGrey, 1.0);
  draw_now(canvas, l.chart, view);
  draw_legend(canvas, l.width - kMargin, l.chart.top, l.legend);
  Headline headline;
  if (view.headline) {
    headline = *view.headline;
  } else if (!timeline.empty()) {
    headline = headline_of(timeline.windows().back());
  }
  draw_title(canvas, view.title, l, draw_headline(canvas, headline));
  draw_notice(canvas, l.chart, view.notice);
  TimelineGeometry g;
  g.scale = l.scale;
  g.chart = l.chart;
  return g;
}

}  // namespace ser::plot
