// seremotion: the silence gate, one rule for the element and `ser-train predict`.
//
// A window whose RMS is below `threshold_db` dBFS (full scale = 1.0) is reported as silence, with
// confidence 1 and no network run: a model trained on speech has nothing to say about it. The
// default, -70 dBFS, holds digital silence and near-silence but no window of real speech: the
// quietest window of the corpora (RAVDESS, EMO-DB, EMOVO; 3 s every 1 s) is at -66.7 dBFS, and the
// old default of -50 dBFS dropped every window of 129 RAVDESS and 9 EMOVO files (tests/bench/
// survey_gates, docs/element.md). Telling speech from noise is the VAD's job (vad/speech_gate.h).
#pragma once

#include "common/span.h"

namespace ser::features {

// The lowest level reported: digital silence would be -inf dBFS.
constexpr double kFloorDbfs = -200.0;

// The label a silent window is given.
constexpr const char* kSilenceLabel = "silence";

// RMS of `samples` in dBFS, 20 log10(rms), at least kFloorDbfs (also for no samples).
double rms_dbfs(FloatSpan samples);

struct SilenceGate {
  bool enabled = true;          // default true (the element's silence-gate)
  double threshold_db = -70.0;  // dBFS, in [-200, 0]; default -70 (the element's silence-threshold)

  bool is_silent(FloatSpan window) const { return enabled && rms_dbfs(window) < threshold_db; }
  // Throws ParameterError naming the threshold when it is outside [-200, 0].
  void validate() const;
};

}  // namespace ser::features
