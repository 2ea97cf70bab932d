#include "window_analysis.h"

#include "nn/classifier.h"
#include "shared_models.h"
#include "vad/speech_trim.h"
#include "voice_parameters.h"

namespace ser::element {

WindowResult analyse_window(const SharedModel& shared, FloatSpan samples, FloatSpan heard, double speech_share,
                            const WindowTiming& timing, const AnalysisSettings& settings,
                            StreamAdaptation* adaptation) {
  const nn::Classifier& model = *shared.classifier;
  WindowResult r;
  r.timing = timing;
  r.labels = model.labels();
  r.check = vad::check_window(samples, model.info().sample_rate(), speech_share, settings.gate);
  if (!r.check.classified()) {
    r.probabilities.assign(r.labels.size(), 0.0f);
    r.label = r.check.held_label();
    r.confidence = r.check.verdict == vad::Verdict::NoSpeech ? 1.0 - r.check.speech_share : 1.0;
    if (settings.voice_parameters) r.voice = window_voice_parameters(model, samples, nullptr);
  } else {
    // The VAD missed a rescued window's speech, so its trim would keep only stray chunks of it.
    const FloatSpan input = r.check.voiced_rescue ? samples : heard;
    std::vector<Matrix> features = model.features_of({input});
    // The voice parameters read the features as computed, before any adaptation rewrites them,
    // when they describe the whole window.
    const bool whole = input.size() == samples.size();
    if (settings.voice_parameters) r.voice = window_voice_parameters(model, samples, whole ? &features : nullptr);
    // Adapted windows are rewritten into the prior's frame, so a batch of streams runs as one.
    if (settings.stream_adaptation && adaptation != nullptr) adaptation->adapt(model, features.front());
    const Matrix p = settings.batch.max_batch > 1 ? shared.batcher->classify(features.front(), settings.batch)
                                                  : model.classify(features);
    r.probabilities.assign(p.row(0), p.row(0) + p.cols());
    const nn::TopLabel top = model.top(p);
    r.label = top.label;
    r.confidence = top.confidence;
    r.uncertain = r.confidence < settings.min_confidence;
  }
  r.smoothed_probabilities = r.probabilities;
  r.smoothed_label = r.label;
  r.smoothed_confidence = r.confidence;
  return r;
}

vad::SampleRange heard_part(const nn::ModelInfo& info, const vad::StreamActivity* activity, std::size_t start,
                            std::size_t end, std::size_t seen_at) {
  const vad::SampleRange part = vad::heard_part(info.speech_trim, activity ? &activity->timeline() : nullptr, start,
                                                end, seen_at, info.sample_rate());
  return {part.begin - start, part.end - start};
}

}  // namespace ser::element
