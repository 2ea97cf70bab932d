#include "train/report/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/error.h"
#include "plot/canvas.h"

namespace ser::train {
namespace {

using plot::Align;
using plot::Canvas;
using plot::Frame;
using plot::LegendEntry;
using plot::Rgb;
using plot::TextStyle;
using plot::Ticks;

constexpr double kLabelFont = 13.0;
constexpr double kTitleFont = 16.0;
constexpr double kMargin = 12.0;
constexpr double kAxisTitleRoom = 18.0;  // the height of an axis title line
constexpr double kSin45 = 0.70710678118654752;

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

Rgb darker(Rgb c) { return {c.r * 0.6, c.g * 0.6, c.b * 0.6}; }

using plot::text_style;

void draw_title(const Canvas& canvas, const std::string& title, double centre_x) {
  canvas.text(title, centre_x, kMargin, text_style(kTitleFont, Align::Centre, Align::Start, plot::kBlack, 0.0, true));
}

// ---- confusion.png

struct ConfusionLayout {
  double left = 0.0;          // of the grid
  double top = 0.0;
  double cell = 0.0;          // side of a cell
  double font = kLabelFont;   // of the class labels
  double widest = 0.0;        // the widest label in that font
  bool turned = false;        // column labels at 45 degrees
  double label_height = 0.0;  // what the column labels take below the grid
  size_t stride = 1;          // every stride-th label is written (1: all)
};

constexpr double kColourBarRoom = 110.0;  // bar, its tick labels, its title
constexpr double kMinLabelFont = 7.0;

double widest_text(const Canvas& canvas, const std::vector<std::string>& texts, double size) {
  double widest = 0.0;
  for (const std::string& s : texts) widest = std::max(widest, canvas.text_width(s, size));
  return widest;
}

// The grid's place and cell for labels of l.font: column labels flat when they fit in a cell,
// turned otherwise.
void place_grid(ConfusionLayout& l, PlotSize size, size_t n) {
  l.left = kMargin + kAxisTitleRoom + 10.0 + l.widest + 8.0;
  l.top = kMargin + kTitleFont + 30.0;
  const auto cell_for = [&](double label_height) {
    const double bottom = 8.0 + label_height + 10.0 + kAxisTitleRoom + kMargin;
    return std::floor(std::min((size.width - l.left - kColourBarRoom) / static_cast<double>(n),
                               (size.height - l.top - bottom) / static_cast<double>(n)));
  };
  l.label_height = l.font + 4.0;
  l.cell = cell_for(l.label_height);
  l.turned = l.widest + 8.0 > l.cell;
  if (l.turned) {
    l.label_height = (l.widest + l.font) * kSin45;
    l.cell = cell_for(l.label_height);
  }
}

// Neighbouring labels are a cell apart (turned ones, cell * sin 45): the font shrinks until they
// fit, down to kMinLabelFont; below that only every stride-th label is written.
ConfusionLayout confusion_layout(const Canvas& canvas, PlotSize size, const std::vector<std::string>& labels) {
  const size_t n = labels.size();
  ConfusionLayout l;
  double fits = kLabelFont;
  for (int pass = 0; pass < 4; ++pass) {
    l.widest = widest_text(canvas, labels, l.font);
    place_grid(l, size, n);
    fits = 0.85 * (l.turned ? l.cell * kSin45 : l.cell);
    if (l.font <= fits) break;
    l.font = std::max(kMinLabelFont, std::floor(fits));
  }
  if (l.cell < 6.0) {
    throw ParameterError("a confusion matrix of " + std::to_string(n) + " labels does not fit in " +
                         std::to_string(size.width) + " x " + std::to_string(size.height) +
                         " pixels: make the plot larger");
  }
  l.stride = l.font <= fits ? 1 : static_cast<size_t>(std::ceil(l.font / std::max(fits, 1.0)));
  return l;
}

void draw_confusion_cells(const Canvas& canvas, const Confusion& counts, const ConfusionLayout& l) {
  const size_t n = counts.rows();
  const double count_font = std::clamp(l.cell * 0.26, 7.0, 15.0);
  const bool show_share = l.cell >= 44.0;
  for (size_t t = 0; t < n; ++t) {
    int64_t row_sum = 0;
    for (size_t p = 0; p < n; ++p) row_sum += counts(t, p);
    for (size_t p = 0; p < n; ++p) {
      const double share = row_sum > 0 ? static_cast<double>(counts(t, p)) / static_cast<double>(row_sum) : 0.0;
      const Rgb fill = plot::blues(share);
      const double x = l.left + static_cast<double>(p) * l.cell;
      const double y = l.top + static_cast<double>(t) * l.cell;
      canvas.fill_rect(x, y, l.cell, l.cell, fill);
      if (l.cell < 14.0) continue;
      const Rgb ink = plot::text_colour_on(fill);
      const double cx = x + l.cell / 2.0;
      const double cy = y + l.cell / 2.0;
      const std::string count = std::to_string(counts(t, p));
      if (show_share) {
        canvas.text(count, cx, cy - 2.0, text_style(count_font, Align::Centre, Align::End, ink, 0.0, true));
        canvas.text(format("%.0f%%", 100.0 * share), cx, cy + 2.0,
                    text_style(count_font * 0.75, Align::Centre, Align::Start, ink));
      } else {
        canvas.text(count, cx, cy, text_style(count_font, Align::Centre, Align::Centre, ink, 0.0, true));
      }
    }
  }
  // White seams between the cells, then a frame.
  const double side = l.cell * static_cast<double>(n);
  for (size_t i = 1; i < n; ++i) {
    const double at = static_cast<double>(i) * l.cell;
    canvas.line(l.left + at, l.top, l.left + at, l.top + side, plot::kWhite, 1.0);
    canvas.line(l.left, l.top + at, l.left + side, l.top + at, plot::kWhite, 1.0);
  }
  canvas.stroke_rect(l.left, l.top, side, side, plot::kAxisGrey, 1.0);
}

void draw_confusion_labels(const Canvas& canvas, const std::vector<std::string>& labels, const ConfusionLayout& l) {
  const double side = l.cell * static_cast<double>(labels.size());
  for (size_t i = 0; i < labels.size(); i += l.stride) {
    const double centre = (static_cast<double>(i) + 0.5) * l.cell;
    canvas.text(labels[i], l.left - 8.0, l.top + centre, text_style(l.font, Align::End, Align::Centre));
    if (l.turned) {
      canvas.text(labels[i], l.left + centre + 4.0, l.top + side + 8.0,
                  text_style(l.font, Align::End, Align::Centre, plot::kBlack, 45.0));
    } else {
      canvas.text(labels[i], l.left + centre, l.top + side + 8.0, text_style(l.font, Align::Centre, Align::Start));
    }
  }
  canvas.text("Predicted", l.left + side / 2.0, l.top + side + 8.0 + l.label_height + 10.0,
              text_style(kLabelFont + 1.0, Align::Centre, Align::Start, plot::kBlack, 0.0, true));
  canvas.text("True", kMargin, l.top + side / 2.0,
              text_style(kLabelFont + 1.0, Align::Centre, Align::Start, plot::kBlack, 90.0, true));
}

void draw_colour_bar(const Canvas& canvas, const ConfusionLayout& l, size_t n) {
  const double side = l.cell * static_cast<double>(n);
  const double x = l.left + side + 24.0;
  constexpr double width = 16.0;
  for (double y = 0.0; y < side; y += 1.0) {
    canvas.fill_rect(x, l.top + y, width, 1.0, plot::blues(1.0 - (y + 0.5) / side));
  }
  canvas.stroke_rect(x, l.top, width, side, plot::kAxisGrey, 1.0);
  for (int pct = 0; pct <= 100; pct += 25) {
    const double y = l.top + side * (1.0 - pct / 100.0);
    canvas.line(x + width, y, x + width + 4.0, y, plot::kAxisGrey, 1.0);
    canvas.text(std::to_string(pct) + "%", x + width + 7.0, y, text_style(11.0, Align::Start, Align::Centre));
  }
  canvas.text("share of the true class", x + width + 50.0, l.top + side / 2.0,
              text_style(12.0, Align::Centre, Align::Start, plot::kBlack, 90.0));
}

// ---- folds.png and classes.png: groups of bars, numbered 1..n_groups, scores from 0 to 1

Frame bar_frame(const Canvas& canvas, PlotSize size, const std::vector<LegendEntry>& legend, size_t n_groups) {
  Frame frame;
  frame.left = 72.0;
  frame.top = kMargin + kTitleFont + 28.0;
  frame.width = size.width - frame.left - plot::legend_width(canvas, legend) - 2.0 * kMargin - 16.0;
  frame.height = size.height - frame.top - 60.0;
  frame.x_lo = 0.5;
  frame.x_hi = static_cast<double>(n_groups) + 0.5;
  frame.y_hi = 1.08;  // room for the values above a bar at 1
  return frame;
}

struct ScoreSeries {
  const char* name;
  double Scores::*field;
};
constexpr ScoreSeries kFoldSeries[] = {{"accuracy", &Scores::accuracy}, {"UA", &Scores::ua}, {"macro F1", &Scores::macro_f1}};
constexpr size_t kNumFoldSeries = sizeof kFoldSeries / sizeof kFoldSeries[0];

Ticks fold_ticks(size_t n_folds) {
  Ticks t;
  for (size_t f = 1; f <= n_folds; ++f) {
    t.at.push_back(static_cast<double>(f));
    t.labels.push_back(std::to_string(f));
  }
  return t;
}

// Calls draw(fold, series, left edge, width) for every bar.
template <typename Draw>
void for_each_bar(const Frame& frame, size_t n_folds, Draw draw) {
  const double slot = frame.width / static_cast<double>(n_folds);
  const double bar = 0.8 * slot / static_cast<double>(kNumFoldSeries);
  for (size_t f = 0; f < n_folds; ++f) {
    const double group_left = frame.px(static_cast<double>(f + 1)) - 0.4 * slot;
    for (size_t m = 0; m < kNumFoldSeries; ++m) draw(f, m, group_left + static_cast<double>(m) * bar, bar);
  }
}

void draw_bars(const Canvas& canvas, const Frame& frame, const std::vector<Scores>& folds) {
  const plot::Clip clip(canvas, frame.left, frame.top, frame.width, frame.height);
  for_each_bar(frame, folds.size(), [&](size_t f, size_t m, double x, double width) {
    const double top = frame.py(folds[f].*kFoldSeries[m].field);
    canvas.fill_rect(x + 0.5, top, width - 1.0, frame.py(0.0) - top, plot::palette(m));
  });
}

// The values above the bars, when the bars are wide enough to carry them; drawn last, on a
// backdrop, so that the mean lines do not strike them through.
void draw_bar_values(const Canvas& canvas, const Frame& frame, const std::vector<Scores>& folds) {
  for_each_bar(frame, folds.size(), [&](size_t f, size_t m, double x, double width) {
    if (width < 26.0) return;
    const double value = folds[f].*kFoldSeries[m].field;
    TextStyle s = text_style(10.0, Align::Centre, Align::End);
    s.backdrop = 0.8;
    canvas.text(format("%.2f", value), x + width / 2.0, frame.py(value) - 2.0, s);
  });
}

// ---- classes.png

struct ClassSeries {
  const char* name;
  MeanStd ClassMeanStd::*field;
};
constexpr ClassSeries kClassSeries[] = {{"precision", &ClassMeanStd::precision}, {"recall", &ClassMeanStd::recall}};

Ticks label_ticks(const std::vector<std::string>& labels) {
  Ticks t;
  for (size_t k = 0; k < labels.size(); ++k) {
    t.at.push_back(static_cast<double>(k + 1));
    t.labels.push_back(labels[k]);
  }
  return t;
}

// Bars of the mean with a whisker of one standard deviation either side (clipped to the frame).
void draw_class_bars(const Canvas& canvas, const Frame& frame, const std::vector<ClassMeanStd>& classes) {
  const double slot = frame.width / static_cast<double>(classes.size());
  const double bar = 0.8 * slot / 2.0;
  for (size_t k = 0; k < classes.size(); ++k) {
    const double group_left = frame.px(static_cast<double>(k + 1)) - 0.4 * slot;
    if (classes[k].n_folds == 0) {
      canvas.text("n/a", frame.px(static_cast<double>(k + 1)), frame.py(0.0) - 4.0,
                  text_style(11.0, Align::Centre, Align::End, plot::kAxisGrey));
      continue;
    }
    for (size_t m = 0; m < 2; ++m) {
      const MeanStd v = classes[k].*kClassSeries[m].field;
      const double x = group_left + static_cast<double>(m) * bar;
      const double top = frame.py(v.mean);
      {
        const plot::Clip clip(canvas, frame.left, frame.top, frame.width, frame.height);
        canvas.fill_rect(x + 0.5, top, bar - 1.0, frame.py(0.0) - top, plot::palette(m));
        if (v.std > 0.0) {
          const double cx = x + bar / 2.0;
          const double lo = frame.py(std::max(0.0, v.mean - v.std)), hi = frame.py(std::min(1.0, v.mean + v.std));
          canvas.line(cx, lo, cx, hi, plot::kBlack, 1.2);
          canvas.line(cx - bar / 5.0, hi, cx + bar / 5.0, hi, plot::kBlack, 1.2);
          canvas.line(cx - bar / 5.0, lo, cx + bar / 5.0, lo, plot::kBlack, 1.2);
        }
      }
      if (bar >= 26.0) {
        TextStyle st = text_style(10.0, Align::Centre, Align::End);
        st.backdrop = 0.8;
        canvas.text(format("%.2f", v.mean), x + bar / 2.0, frame.py(std::min(1.0, v.mean + v.std)) - 2.0, st);
      }
    }
  }
}

// ---- curves.png

struct CurveRanges {
  int max_epoch = 1;
  double max_loss = 0.0;
};

CurveRanges curve_ranges(const std::vector<LearningCurve>& curves) {
  CurveRanges r;
  for (const LearningCurve& c : curves) {
    for (const EpochRecord& e : c) {
      r.max_epoch = std::max(r.max_epoch, e.epoch);
      for (double loss : {e.train_loss, e.val_loss}) {
        if (std::isfinite(loss)) r.max_loss = std::max(r.max_loss, loss);
      }
    }
  }
  if (r.max_loss <= 0.0) r.max_loss = 1.0;
  return r;
}

// Whole epochs only: a step under 1 becomes 1.
Ticks epoch_ticks(int max_epoch) {
  Ticks t = plot::numeric_ticks(0.0, max_epoch, 10);
  if (t.at.size() > 1 && t.at[1] - t.at[0] >= 1.0) return t;
  t = {};
  for (int e = 0; e <= max_epoch; ++e) {
    t.at.push_back(e);
    t.labels.push_back(std::to_string(e));
  }
  return t;
}

template <typename Value>
void draw_curve(const Canvas& canvas, const Frame& frame, const LearningCurve& curve, Value value, Rgb colour,
                bool dashed) {
  const plot::Clip clip(canvas, frame.left, frame.top, frame.width, frame.height);
  std::vector<double> xs, ys;
  for (const EpochRecord& e : curve) {
    const double v = value(e);
    xs.push_back(frame.px(e.epoch));
    ys.push_back(std::isfinite(v) ? frame.py(v) : NAN);
  }
  if (xs.size() == 1 && std::isfinite(ys[0])) canvas.dot(xs[0], ys[0], 2.5, colour);  // one epoch: no line to draw
  canvas.polyline(xs, ys, colour, 1.8, dashed);
}

void draw_best_epoch(const Canvas& canvas, const Frame& frame, const LearningCurve& curve, int best, Rgb colour) {
  for (const EpochRecord& e : curve) {
    if (e.epoch == best && std::isfinite(e.val_ua)) {
      canvas.dot(frame.px(e.epoch), frame.py(e.val_ua), 5.0, plot::kWhite);
      canvas.dot(frame.px(e.epoch), frame.py(e.val_ua), 3.5, colour);
    }
  }
}

std::vector<LegendEntry> curve_legend(size_t n_folds, bool with_best) {
  std::vector<LegendEntry> entries;
  if (n_folds <= 10) {
    for (size_t f = 0; f < n_folds; ++f) entries.push_back({"fold " + std::to_string(f + 1), plot::palette(f)});
  } else {
    entries.push_back({std::to_string(n_folds) + " folds (colours repeat)", plot::palette(0)});
  }
  entries.push_back({"training loss", plot::kAxisGrey, LegendEntry::Mark::Line});
  entries.push_back({"validation loss", plot::kAxisGrey, LegendEntry::Mark::DashedLine});
  if (with_best) entries.push_back({"best epoch", plot::kAxisGrey, LegendEntry::Mark::Dot});
  return entries;
}

}  // namespace

void check_plot_size(PlotSize size, const std::string& png_path) {
  if (size.width < 320 || size.height < 240) {
    throw ParameterError("the plot '" + png_path + "' must be at least 320 x 240 pixels (got " +
                         std::to_string(size.width) + " x " + std::to_string(size.height) + ")");
  }
}

void plot_confusion(const Confusion& counts, const std::vector<std::string>& labels, const std::string& title,
                    const std::string& png_path, PlotSize size) {
  check_plot_size(size, png_path);
  const size_t n = labels.size();
  if (n == 0 || counts.rows() != n || counts.cols() != n) {
    throw ParameterError("plot_confusion: the confusion matrix is " + std::to_string(counts.rows()) + " x " +
                         std::to_string(counts.cols()) + " but there are " + std::to_string(n) +
                         " labels; it must be labels x labels");
  }
  const Canvas canvas(size.width, size.height);
  const ConfusionLayout layout = confusion_layout(canvas, size, labels);
  draw_confusion_cells(canvas, counts, layout);
  draw_confusion_labels(canvas, labels, layout);
  draw_colour_bar(canvas, layout, n);
  draw_title(canvas, title, layout.left + layout.cell * static_cast<double>(n) / 2.0);
  canvas.save_png(png_path);
}

void plot_fold_scores(const std::vector<Scores>& folds, const std::string& title, const std::string& png_path,
                      PlotSize size) {
  check_plot_size(size, png_path);
  if (folds.empty()) throw ParameterError("plot_fold_scores: there are no folds to plot ('" + png_path + "')");
  const Canvas canvas(size.width, size.height);
  std::vector<LegendEntry> legend;
  std::vector<double> means;
  for (size_t m = 0; m < kNumFoldSeries; ++m) {
    std::vector<double> values;
    for (const Scores& s : folds) values.push_back(s.*kFoldSeries[m].field);
    means.push_back(mean_std(values).mean);
    legend.push_back({kFoldSeries[m].name, plot::palette(m), LegendEntry::Mark::Box});
  }
  for (size_t m = 0; m < kNumFoldSeries; ++m) {
    legend.push_back({std::string("mean ") + kFoldSeries[m].name + format(" %.3f", means[m]),
                      darker(plot::palette(m)), LegendEntry::Mark::DashedLine});
  }
  const Frame frame = bar_frame(canvas, size, legend, folds.size());
  plot::draw_axes(canvas, frame, fold_ticks(folds.size()), plot::numeric_ticks(0.0, 1.0, 11), {"", "fold", "score"});
  draw_bars(canvas, frame, folds);
  for (size_t m = 0; m < kNumFoldSeries; ++m) {
    canvas.line(frame.left, frame.py(means[m]), frame.right(), frame.py(means[m]), darker(plot::palette(m)), 2.0,
                true);
  }
  draw_bar_values(canvas, frame, folds);
  plot::draw_legend(canvas, size.width - kMargin, frame.top, legend);
  draw_title(canvas, title, frame.left + frame.width / 2.0);
  canvas.save_png(png_path);
}

void plot_class_scores(const std::vector<ClassMeanStd>& classes, const std::vector<std::string>& labels,
                       const std::string& title, const std::string& png_path, PlotSize size) {
  check_plot_size(size, png_path);
  if (labels.empty() || classes.size() != labels.size()) {
    throw ParameterError("plot_class_scores: " + std::to_string(classes.size()) + " classes' scores for " +
                         std::to_string(labels.size()) + " labels ('" + png_path + "'); give one per label");
  }
  const Canvas canvas(size.width, size.height);
  std::vector<LegendEntry> legend;
  for (size_t m = 0; m < 2; ++m) legend.push_back({kClassSeries[m].name, plot::palette(m), LegendEntry::Mark::Box});
  legend.push_back({"± 1 std over folds", plot::kBlack, LegendEntry::Mark::Line});
  const Frame frame = bar_frame(canvas, size, legend, labels.size());
  plot::draw_axes(canvas, frame, label_ticks(labels), plot::numeric_ticks(0.0, 1.0, 11), {"", "class", "score"});
  draw_class_bars(canvas, frame, classes);
  plot::draw_legend(canvas, size.width - kMargin, frame.top, legend);
  draw_title(canvas, title, frame.left + frame.width / 2.0);
  canvas.save_png(png_path);
}

void plot_learning_curves(const std::vector<LearningCurve>& curves, const std::vector<int>& best_epochs,
                          const std::string& title, const std::string& png_path, PlotSize size) {
  check_plot_size(size, png_path);
  if (curves.empty()) throw ParameterError("plot_learning_curves: there are no folds to plot ('" + png_path + "')");
  if (!best_epochs.empty() && best_epochs.size() != curves.size()) {
    throw ParameterError("plot_learning_curves: " + std::to_string(best_epochs.size()) + " best epochs for " +
                         std::to_string(curves.size()) + " curves; give one per curve or none");
  }
  const Canvas canvas(size.width, size.height);
  const std::vector<LegendEntry> legend = curve_legend(curves.size(), !best_epochs.empty());
  const CurveRanges ranges = curve_ranges(curves);
  const Ticks x_ticks = epoch_ticks(ranges.max_epoch);
  constexpr double left = 72.0;
  constexpr double gap = 84.0;
  const double panel_width = (size.width - left - gap - plot::legend_width(canvas, legend) - 2.0 * kMargin - 16.0) / 2.0;

  Frame loss;
  loss.left = left;
  loss.top = kMargin + kTitleFont + 52.0;
  loss.width = panel_width;
  loss.height = size.height - loss.top - 60.0;
  loss.x_lo = x_ticks.at.front();
  loss.x_hi = x_ticks.at.back();
  const Ticks loss_ticks = plot::numeric_ticks(0.0, ranges.max_loss, 8);
  loss.y_hi = loss_ticks.at.back();
  Frame ua = loss;
  ua.left = loss.right() + gap;
  ua.y_hi = 1.0;
  plot::draw_axes(canvas, loss, x_ticks, loss_ticks, {"Loss", "epoch", "loss"});
  plot::draw_axes(canvas, ua, x_ticks, plot::numeric_ticks(0.0, 1.0, 11), {"Validation UA", "epoch", "UA"});

  for (size_t f = 0; f < curves.size(); ++f) {
    const Rgb colour = plot::palette(f);
    draw_curve(canvas, loss, curves[f], [](const EpochRecord& e) { return e.train_loss; }, colour, false);
    draw_curve(canvas, loss, curves[f], [](const EpochRecord& e) { return e.val_loss; }, colour, true);
    draw_curve(canvas, ua, curves[f], [](const EpochRecord& e) { return e.val_ua; }, colour, false);
  }
  for (size_t f = 0; f < best_epochs.size(); ++f) draw_best_epoch(canvas, ua, curves[f], best_epochs[f], plot::palette(f));
  plot::draw_legend(canvas, size.width - kMargin, loss.top, legend);
  draw_title(canvas, title, (loss.left + ua.right()) / 2.0);
  canvas.save_png(png_path);
}

}  // namespace ser::train
