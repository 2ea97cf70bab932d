#include "train/report/timeline_plot.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "vad/speech_gate.h"
#include "plot/canvas.h"
#include "plot/timeline.h"
#include "plot/timeline_chart.h"

namespace ser::train {
namespace {

void check_probabilities(const std::vector<std::string>& labels, const SpanPrediction& p) {
  if (p.check.classified() && p.probabilities.size() != labels.size()) {
    throw ParameterError("plot_file_timeline: a prediction has " + std::to_string(p.probabilities.size()) +
                         " probabilities for " + std::to_string(labels.size()) + " labels");
  }
}

// Why a classified window deserves less trust, as the element's flags say ("" when it does not).
std::string distrust_of(const vad::WindowCheck& c) {
  std::string why;
  if (c.little_speech) why += "little speech";
  if (c.low_level) why += std::string(why.empty() ? "" : ", ") + "low level";
  if (c.clipped) why += std::string(why.empty() ? "" : ", ") + "clipped";
  return why;
}

size_t top(const std::vector<float>& p) {
  return static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
}

plot::TimelineWindow window_of(const SpanPrediction& p, const std::vector<std::string>& labels,
                               const plot::LabelList& shared) {
  plot::TimelineWindow w;
  w.start = p.start;
  w.duration = p.duration;
  w.labels = shared;
  if (!p.check.classified()) {
    const bool silence = p.check.verdict == vad::Verdict::Silence;
    w.verdict = silence ? plot::Verdict::Silence : plot::Verdict::NoSpeech;
    w.label = p.check.held_label();
    w.confidence = silence ? 1.0 : 1.0 - p.check.speech_share;
    return w;
  }
  w.probabilities.assign(p.probabilities.begin(), p.probabilities.end());
  w.label = labels[top(p.probabilities)];
  w.confidence = p.probabilities[top(p.probabilities)];
  w.distrust = distrust_of(p.check);
  return w;
}

}  // namespace

void plot_file_timeline(const std::vector<std::string>& labels, const std::vector<SpanPrediction>& windows,
                        const SpanPrediction& whole, const std::string& title, const std::string& png_path,
                        PlotSize size) {
  check_plot_size(size, png_path);
  plot::Timeline timeline;
  const plot::LabelList shared = timeline.share_labels(labels);
  for (const SpanPrediction& p : windows) {
    check_probabilities(labels, p);
    timeline.add(window_of(p, labels, shared));
  }
  check_probabilities(labels, whole);
  plot::TimelineView view;
  view.from = 0.0;
  view.to = std::max(whole.duration, 0.1);
  plot::Headline headline;
  if (!whole.check.classified()) {
    headline.label = whole.check.held_label();
  } else {
    headline = plot::headline_of(window_of(whole, labels, shared));
  }
  headline.note = "whole file, " + std::to_string(whole.windows) + (whole.windows == 1 ? " window" : " windows") +
                  " classified";
  view.headline = headline;
  view.title = title;
  if (windows.empty()) view.notice = "no window of its own";
  const plot::Canvas canvas(size.width, size.height);
  plot::draw_timeline(canvas, timeline, view);
  canvas.save_png(png_path);
}

}  // namespace ser::train
