// seremotion element: what is known of one window, and the analysis that turns its samples into
// a result (silence gate, network, confidence floor). Runs on the streaming thread (non-live) or
// on the inference worker (live); touches no element state.
#pragma once

#include <gst/gst.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/span.h"
#include "features/egemaps/voice_parameters.h"
#include "features/silence_gate.h"
#include "window_batcher.h"

namespace ser::element {

struct SharedModel;

// Where a window lies, computed on the streaming thread when the window is cut.
struct WindowTiming {
  std::uint64_t index = 0;                        // windows cut since start or flush, from 0
  GstClockTime pts = GST_CLOCK_TIME_NONE;         // of its first sample
  GstClockTime duration = GST_CLOCK_TIME_NONE;    // of its samples
  GstClockTime running_time = GST_CLOCK_TIME_NONE;
  GstClockTime stream_time = GST_CLOCK_TIME_NONE;
};

// The settings a window is analysed with, copied from the properties when it is cut.
struct AnalysisSettings {
  features::SilenceGate silence;  // gate on windows' RMS (features/silence_gate.h)
  double min_confidence = 0.0;          // below it: uncertain
  bool voice_parameters = false;        // also the window's voice parameters (voice_parameters.h)
  BatchLimits batch;                    // max_batch > 1: the network runs windows of every stream together
};

using features::kFloorDbfs;
using features::kSilenceLabel;
using features::rms_dbfs;

struct WindowResult {
  WindowTiming timing;
  std::vector<std::string> labels;  // the model's, in output order
  std::vector<float> probabilities; // one per label; all 0 for a silent window
  std::string label;                // top label, or "silence"
  double confidence = 0;            // its probability; 1 for a silent window
  bool uncertain = false;           // confidence < min-confidence (label still the top one)
  bool silence = false;             // the gate held it: the network did not run
  double rms_db = kFloorDbfs;       // RMS of the mono window, dBFS, >= kFloorDbfs
  // Set when delivered: live streams report the windows dropped so far by the overload policy.
  bool live = false;
  std::uint64_t dropped = 0;
  std::optional<features::VoiceParameters> voice;  // with AnalysisSettings::voice_parameters
};

// Gate, then network: a window whose RMS is below the threshold (gate on) is "silence" with
// confidence 1 and no network run; otherwise the model's probabilities and top label, the network
// run alone or (settings.batch.max_batch > 1) in a batch with other streams' windows through the
// model's batcher. With voice_parameters, also the window's voice parameters, silent or not, read
// from the model's own eGeMAPS features when it has them. Throws what the Classifier throws.
WindowResult analyse_window(const SharedModel& model, FloatSpan samples, const WindowTiming& timing,
                            const AnalysisSettings& settings);

}  // namespace ser::element
