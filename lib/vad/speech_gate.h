// seremotion: which windows reach the emotion network, and which results deserve less trust.
//
// One rule for the element, `ser-train predict` and training (as features/silence_gate.h was):
//   1. vad = off: every window is classified; nothing is gated.
//   2. The level gate (features::SilenceGate, on unless turned off): a window whose RMS is below
//      its threshold is `silence` (digital silence or too quiet to judge); the network does not run.
//   3. vad = silero or upstream: a window whose speech share (speech_timeline.h) is below
//      min_share is `no-speech`; the network does not run; unless voicing_rescue is on and the
//      window's pitch track is speech's (voiced_speech.h: the shouting Silero misses), which is
//      then classified, marked `voiced_rescue` (and `little_speech`, so not trusted).
//   4. Otherwise the network classifies the window.
// vad = level stops after step 2: the level gate alone, as before the VAD existed. Without a VAD
// (level, off) the speech share reported is 1 for a window that reaches the network, 0 for one
// the level gate holds.
//
// A classified window is marked, never hidden, when its result deserves less trust (TrustRule):
// little speech (a share below little_speech_share), a low level, or clipped samples.
#pragma once

#include <optional>
#include <string>

#include "common/span.h"
#include "features/silence_gate.h"

namespace ser::vad {

enum class VadMode { Silero, Level, Upstream, Off };

// "silero", "level", "upstream", "off".
const char* vad_mode_name(VadMode mode);
std::optional<VadMode> parse_vad_mode(const std::string& name);

// The label of a window held for too little speech.
constexpr const char* kNoSpeechLabel = "no-speech";

struct SpeechGate {
  VadMode mode = VadMode::Silero;  // default silero
  double threshold = 0.5;          // a chunk is speech when its probability >= threshold; in [0, 1]; default 0.5 (Silero's)
  double min_share = 0.1;          // a window with less speech is no-speech (unless rescued); in [0, 1]; default 0.1
  features::SilenceGate level;     // the level gate; default on at -70 dBFS (features/silence_gate.h)
  bool voicing_rescue = true;      // classify a held window whose voicing is speech's (voiced_speech.h); default on

  bool uses_vad() const { return mode == VadMode::Silero || mode == VadMode::Upstream; }
  // Throws ParameterError naming the field and its range.
  void validate() const;
};

// When a classified window's result deserves less trust.
struct TrustRule {
  double little_speech_share = 0.3;  // speech share below it: little speech; default 0.3
  double low_level_db = -55.0;       // RMS below it (dBFS): low level; default -55
  float clip_level = 0.999f;         // |sample| at or above it is clipped; default 0.999 of full scale
  double clipped_fraction = 0.001;   // more clipped samples than this share: clipped; default 0.1 %
};

enum class Verdict { Speech, Silence, NoSpeech };

struct WindowCheck {
  Verdict verdict = Verdict::Speech;
  double rms_db = features::kFloorDbfs;  // dBFS, >= kFloorDbfs
  double speech_share = 0.0;             // in [0, 1]
  bool voiced_rescue = false;            // classified although below min_share: its voicing is speech's
  bool little_speech = false;            // classified windows only; always for a rescued one
  bool low_level = false;
  bool clipped = false;

  bool classified() const { return verdict == Verdict::Speech; }
  bool trusted() const { return !little_speech && !low_level && !clipped; }
  // "silence", "no-speech", or "" for a classified window.
  const char* held_label() const;
};

// Judges a window of `samples` at `sample_rate` whose speech share the VAD found to be `vad_share`
// (unused when the gate's mode has no VAD).
WindowCheck check_window(FloatSpan samples, int sample_rate, double vad_share, const SpeechGate& gate,
                         const TrustRule& trust = {});

}  // namespace ser::vad
