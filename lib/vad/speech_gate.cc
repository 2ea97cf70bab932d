#include "vad/speech_gate.h"

#include <cmath>
#include <string>

#include "common/error.h"
#include "vad/voiced_speech.h"

namespace ser::vad {

const char* vad_mode_name(VadMode mode) {
  switch (mode) {
    case VadMode::Silero: return "silero";
    case VadMode::Level: return "level";
    case VadMode::Upstream: return "upstream";
    case VadMode::Off: return "off";
  }
  return "?";
}

std::optional<VadMode> parse_vad_mode(const std::string& name) {
  for (VadMode m : {VadMode::Silero, VadMode::Level, VadMode::Upstream, VadMode::Off}) {
    if (name == vad_mode_name(m)) return m;
  }
  return std::nullopt;
}

void SpeechGate::validate() const {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw ParameterError("the speech threshold must be in [0, 1] (got " + std::to_string(threshold) + ")");
  }
  if (!(min_share >= 0 && min_share <= 1)) {
    throw ParameterError("the minimum speech share must be in [0, 1] (got " + std::to_string(min_share) + ")");
  }
  level.validate();
}

const char* WindowCheck::held_label() const {
  switch (verdict) {
    case Verdict::Silence: return features::kSilenceLabel;
    case Verdict::NoSpeech: return kNoSpeechLabel;
    case Verdict::Speech: break;
  }
  return "";
}

namespace {

bool is_clipped(FloatSpan samples, const TrustRule& trust) {
  std::size_t clipped = 0;
  for (float x : samples) clipped += std::fabs(x) >= trust.clip_level;
  return samples.size() > 0 && double(clipped) > trust.clipped_fraction * double(samples.size());
}

}  // namespace

WindowCheck check_window(FloatSpan samples, int sample_rate, double vad_share, const SpeechGate& gate,
                         const TrustRule& trust) {
  WindowCheck c;
  c.rms_db = features::rms_dbfs(samples);
  const bool below_level = gate.mode != VadMode::Off && gate.level.enabled && c.rms_db < gate.level.threshold_db;
  if (gate.uses_vad()) {
    c.speech_share = vad_share;
  } else {
    c.speech_share = below_level ? 0.0 : 1.0;
  }
  if (below_level) {
    c.verdict = Verdict::Silence;
  } else if (gate.uses_vad() && c.speech_share < gate.min_share) {
    // Only held windows pay for the pitch track, so speech the VAD hears costs nothing more.
    c.voiced_rescue = gate.voicing_rescue && sounds_like_voiced_speech(summarise_voicing(samples, sample_rate));
    if (!c.voiced_rescue) c.verdict = Verdict::NoSpeech;
  }
  if (c.classified()) {
    // A rescued window is little speech to the VAD whatever min_share is: it is never trusted.
    c.little_speech = c.voiced_rescue || c.speech_share < trust.little_speech_share;
    c.low_level = c.rms_db < trust.low_level_db;
    c.clipped = is_clipped(samples, trust);
  }
  return c;
}

}  // namespace ser::vad
