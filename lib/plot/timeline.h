// seremotion: the results of a stream over time, window by window, as the timeline chart draws
// them (timeline_chart.h): what the seremotion element reports for each window (its meta and
// messages, gst/gstseremotionmeta.h) or what `ser-train predict --windows` prints for a file.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace ser::plot {

// What became of a window: the network heard it, or a gate held it (no probabilities).
enum class Verdict { Classified, Silence, NoSpeech };

using LabelList = std::shared_ptr<const std::vector<std::string>>;

struct TimelineWindow {
  double start = 0.0;     // s, on the chart's time axis (the stream time of its first sample)
  double duration = 0.0;  // s, > 0
  Verdict verdict = Verdict::Classified;
  LabelList labels;                    // the model's labels, in output order
  std::vector<double> probabilities;   // one per label when classified (sum 1); unused otherwise
  std::string label;                   // as reported: the top label, or "silence", "no-speech"
  double confidence = 0.0;             // its probability, in [0, 1]
  bool uncertain = false;              // below the element's min-confidence
  std::string distrust;                // empty when trusted; else why not, e.g. "little speech"

  double end() const { return start + duration; }
  bool classified() const { return verdict == Verdict::Classified; }
};

// The windows of a stream in time order. The element keeps the last few seconds of them; a file's
// plot holds them all.
class Timeline {
 public:
  // Appends `window`. One that starts before the last one (a new segment, a seek back) starts the
  // timeline again, so that time only goes forward.
  void add(TimelineWindow window);
  // Forgets the windows that end before `t` (s).
  void forget_before(double t);
  void clear() { windows_.clear(); }

  bool empty() const { return windows_.empty(); }
  const std::deque<TimelineWindow>& windows() const { return windows_; }

  // `labels` as a shared list: the last window's when equal, so that a stream keeps one copy.
  LabelList share_labels(const std::vector<std::string>& labels) const;

 private:
  std::deque<TimelineWindow> windows_;
};

}  // namespace ser::plot
