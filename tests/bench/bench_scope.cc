// Benchmark: what seremotionscope's drawing costs per video frame, on one thread.
//
//   bench_scope [FRAMES]
//
// Draws the timeline chart (plot/timeline_chart.h) into a BGRx frame, as the element does for each
// frame, at 640 x 360, 1280 x 720 and 1920 x 1080, for a 10 s chart of the shipped model's 8 labels:
//   typical  windows of 3 s every 1 s (the shipped models): 10 columns
//   busy     windows every 0.25 s with stretches without speech: 40 columns
// and prints, for each, the best of 5 runs of FRAMES frames (default 300): ms per frame (wall and
// CPU) and the share of one core it takes at 30 frames per second. The aim: at most 2 ms per
// 640 x 360 frame (6 % of a core at 30 fps).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "plot/canvas.h"
#include "plot/timeline.h"
#include "plot/timeline_chart.h"

namespace {

using ser::plot::Timeline;
using ser::plot::TimelineWindow;
using ser::plot::Verdict;

const std::vector<std::string> kLabels{"neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"};

// Windows of 3 s every `hop` s over the 10 s before `now`; every seventh without speech when asked.
Timeline timeline(double hop, bool no_speech, double now) {
  Timeline t;
  const auto labels = t.share_labels(kLabels);
  int i = 0;
  for (double start = now - 13.0; start + 3.0 <= now; start += hop, ++i) {
    TimelineWindow w;
    w.start = start;
    w.duration = 3.0;
    w.labels = labels;
    if (no_speech && i % 7 >= 5) {
      w.verdict = Verdict::NoSpeech;
      w.label = "no-speech";
      w.confidence = 1.0;
    } else {
      double sum = 0.0;
      for (size_t k = 0; k < kLabels.size(); ++k) {
        w.probabilities.push_back(1.0 + static_cast<double>((k * 7 + static_cast<size_t>(i) * 3) % 11));
        sum += w.probabilities.back();
      }
      for (double& p : w.probabilities) p /= sum;
      const size_t top = static_cast<size_t>(std::max_element(w.probabilities.begin(), w.probabilities.end()) -
                                             w.probabilities.begin());
      w.label = kLabels[top];
      w.confidence = w.probabilities[top];
    }
    t.add(w);
  }
  return t;
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Timing {
  double wall_ms = 1e30;
  double cpu_ms = 1e30;
};

Timing run(int width, int height, const Timeline& t, int frames) {
  const int stride = width * 4;
  std::vector<unsigned char> frame(static_cast<size_t>(stride) * height);
  Timing best;
  for (int rep = 0; rep < 5; ++rep) {
    const auto w0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    for (int f = 0; f < frames; ++f) {
      ser::plot::TimelineView view;
      view.to = 100.0 + f / 30.0;  // the chart scrolls, as live
      view.from = view.to - 10.0;
      const ser::plot::Canvas canvas(frame.data(), width, height, stride, false);
      ser::plot::draw_timeline(canvas, t, view);
    }
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count();
    best.wall_ms = std::min(best.wall_ms, wall / frames);
    best.cpu_ms = std::min(best.cpu_ms, (cpu_seconds() - c0) * 1000.0 / frames);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 300;
  std::printf("seremotionscope drawing, one thread, best of 5 runs of %d frames, 8 labels, 10 s chart\n", frames);
  std::printf("%-10s %-8s %10s %10s %16s\n", "size", "chart", "ms/frame", "cpu ms", "core at 30 fps");
  const struct {
    const char* name;
    double hop;
    bool no_speech;
  } charts[] = {{"typical", 1.0, false}, {"busy", 0.25, true}};
  const int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
  for (const auto& size : sizes) {
    for (const auto& c : charts) {
      const Timeline t = timeline(c.hop, c.no_speech, 110.0);
      const Timing tm = run(size[0], size[1], t, frames);
      std::printf("%4dx%-5d %-8s %10.3f %10.3f %15.1f%%\n", size[0], size[1], c.name, tm.wall_ms, tm.cpu_ms,
                  tm.cpu_ms * 30.0 / 10.0);
    }
  }
  return 0;
}
