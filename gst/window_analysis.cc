#include "window_analysis.h"

#include <algorithm>
#include <cmath>

#include "nn/classifier.h"

namespace ser::element {

double rms_dbfs(FloatSpan samples) {
  if (samples.empty()) return kFloorDbfs;
  double sum = 0;
  for (float x : samples) sum += static_cast<double>(x) * x;
  const double mean_square = sum / static_cast<double>(samples.size());
  // 10 log10 of the mean square is 20 log10 of the RMS, without the square root.
  return mean_square > 0 ? std::max(kFloorDbfs, 10.0 * std::log10(mean_square)) : kFloorDbfs;
}

WindowResult analyse_window(const nn::Classifier& model, FloatSpan samples, const WindowTiming& timing,
                            const AnalysisSettings& settings) {
  WindowResult r;
  r.timing = timing;
  r.labels = model.labels();
  r.rms_db = rms_dbfs(samples);
  if (settings.silence_gate && r.rms_db < settings.silence_threshold_db) {
    r.probabilities.assign(r.labels.size(), 0.0f);
    r.label = kSilenceLabel;
    r.confidence = 1.0;
    r.silence = true;
    return r;
  }
  const Matrix p = model.classify_audio({samples});
  r.probabilities.assign(p.row(0), p.row(0) + p.cols());
  const nn::Prediction top = model.top(p);
  r.label = top.label;
  r.confidence = top.confidence;
  r.uncertain = r.confidence < settings.min_confidence;
  return r;
}

}  // namespace ser::element
