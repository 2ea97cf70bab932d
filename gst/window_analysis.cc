#include "window_analysis.h"

#include <algorithm>
#include <cmath>

#include "nn/classifier.h"
#include "shared_models.h"
#include "voice_parameters.h"

namespace ser::element {

WindowResult analyse_window(const SharedModel& shared, FloatSpan samples, const WindowTiming& timing,
                            const AnalysisSettings& settings) {
  const nn::Classifier& model = *shared.classifier;
  WindowResult r;
  r.timing = timing;
  r.labels = model.labels();
  r.rms_db = rms_dbfs(samples);
  if (settings.silence.enabled && r.rms_db < settings.silence.threshold_db) {
    r.probabilities.assign(r.labels.size(), 0.0f);
    r.label = kSilenceLabel;
    r.confidence = 1.0;
    r.silence = true;
    if (settings.voice_parameters) r.voice = window_voice_parameters(model, samples, nullptr);
    return r;
  }
  const std::vector<Matrix> features = model.features_of({samples});
  const Matrix p = settings.batch.max_batch > 1 ? shared.batcher->classify(features.front(), settings.batch)
                                                : model.classify(features);
  if (settings.voice_parameters) r.voice = window_voice_parameters(model, samples, &features);
  r.probabilities.assign(p.row(0), p.row(0) + p.cols());
  const nn::TopLabel top = model.top(p);
  r.label = top.label;
  r.confidence = top.confidence;
  r.uncertain = r.confidence < settings.min_confidence;
  return r;
}

}  // namespace ser::element
