// seremotion element: what is known of one window, and the analysis that turns its samples into
// a result (the gates of vad/speech_gate.h, the network, the confidence floor, the trust flags).
// Runs on the streaming thread (non-live) or on the inference worker (live); touches no element
// state.
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/span.h"
#include "features/egemaps/voice_parameters.h"
#include "features/silence_gate.h"
#include "nn/model_info.h"
#include "stream_adaptation.h"
#include "vad/speech_gate.h"
#include "vad/stream_activity.h"
#include "window_batcher.h"

namespace ser::element {

struct SharedModel;

// Audio heard but never classified because a reset (DISCONT, a new segment, caps at another
// rate) dropped the window being filled, since the element started or was last flushed.
struct Discards {
  std::uint64_t resets = 0;    // resets that dropped samples
  GstClockTime duration = 0;   // of the samples they dropped, ns
};

// Where a window lies, computed on the streaming thread when the window is cut.
struct WindowTiming {
  std::uint64_t index = 0;                        // windows cut since start or flush, from 0
  GstClockTime pts = GST_CLOCK_TIME_NONE;         // of its first sample
  GstClockTime duration = GST_CLOCK_TIME_NONE;    // of its samples
  GstClockTime running_time = GST_CLOCK_TIME_NONE;
  GstClockTime stream_time = GST_CLOCK_TIME_NONE;
  GstClockTime offset = 0;                        // its start since the windowing's last reset
  Discards discards;                              // so far, when the window was cut
};

// The settings a window is analysed with, copied from the properties when it is cut.
struct AnalysisSettings {
  vad::SpeechGate gate;           // level gate, VAD mode, speech threshold, minimum share, voicing rescue
  double min_confidence = 0.0;    // below it: uncertain
  bool voice_parameters = false;  // also the window's voice parameters (voice_parameters.h)
  bool stream_adaptation = true;  // models trained with adaptation: normalise by the stream heard
  BatchLimits batch;              // max_batch > 1: the network runs windows of every stream together
};

using features::kFloorDbfs;
using features::kSilenceLabel;
using vad::kNoSpeechLabel;

struct WindowResult {
  WindowTiming timing;
  std::vector<std::string> labels;  // the model's, in output order
  std::vector<float> probabilities; // one per label; all 0 when the network did not run
  std::string label;                // top label, or "silence" or "no-speech"
  double confidence = 0;            // its probability; 1 for silence; 1 - speech share for no-speech
  bool uncertain = false;           // confidence < min-confidence (label still the top one)
  vad::WindowCheck check;           // verdict, level, speech share, trust flags
  // The moving average of the classified windows' probabilities (result_smoother.h); the raw
  // values until it is applied, and for a window the network did not hear.
  std::vector<float> smoothed_probabilities;
  std::string smoothed_label;
  double smoothed_confidence = 0;
  // Set when delivered: live streams report the windows dropped so far by the overload policy.
  bool live = false;
  std::uint64_t dropped = 0;
  std::optional<features::VoiceParameters> voice;  // with AnalysisSettings::voice_parameters

  bool classified() const { return check.classified(); }
};

// The gates, then the network: a window the level gate or the VAD holds gets its label ("silence",
// "no-speech"), all-zero probabilities and no network run; otherwise the model's probabilities and
// top label, the network run alone or (settings.batch.max_batch > 1) in a batch with other
// streams' windows through the model's batcher. `speech_share` is the VAD's share for the window
// (unused without a VAD). `heard` is the part of `samples` the network hears: the whole window, or
// its speech for a model trained on trimmed clips (heard_part); a window the voicing rescue gave
// back is heard whole (the VAD found no speech to trim to). With voice_parameters, also the
// window's voice parameters, held or not, read from the model's own eGeMAPS features when it has
// them. With settings.stream_adaptation and
// a model trained with adaptation, a classified window's features join what `adaptation` (the
// stream's) has heard and are normalised by it (stream_adaptation.h). Throws what the Classifier
// throws.
WindowResult analyse_window(const SharedModel& model, FloatSpan samples, FloatSpan heard, double speech_share,
                            const WindowTiming& timing, const AnalysisSettings& settings,
                            StreamAdaptation* adaptation = nullptr);

// vad::heard_part for the model and the stream's activity, as offsets into the window [start, end).
// `seen_at` as for the speech share.
vad::SampleRange heard_part(const nn::ModelInfo& info, const vad::StreamActivity* activity, std::size_t start,
                            std::size_t end, std::size_t seen_at);

}  // namespace ser::element
