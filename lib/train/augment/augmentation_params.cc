#include "train/augment/augmentation_params.h"

#include <sstream>

#include "common/error.h"
#include "common/require.h"
#include "io/codec_roundtrip.h"

namespace ser::train {
namespace {

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "augmentation", field, range, got);
}

}  // namespace

const char* noise_kind_name(NoiseKind kind) {
  switch (kind) {
    case NoiseKind::White: return "white";
    case NoiseKind::Coloured: return "coloured";
    case NoiseKind::Babble: return "babble";
  }
  return "?";
}

NoiseKind parse_noise_kind(const std::string& name) {
  if (name == "white") return NoiseKind::White;
  if (name == "coloured") return NoiseKind::Coloured;
  if (name == "babble") return NoiseKind::Babble;
  throw ParameterError("unknown noise '" + name + "' (known: white, coloured, babble)");
}

const char* shift_mode_name(ShiftMode mode) { return mode == ShiftMode::Circular ? "circular" : "zero"; }

ShiftMode parse_shift_mode(const std::string& name) {
  if (name == "circular") return ShiftMode::Circular;
  if (name == "zero") return ShiftMode::Zero;
  throw ParameterError("unknown shift mode '" + name + "' (known: circular, zero)");
}

void AudioAugmentParams::validate() const {
  require(copies >= 0 && copies <= 16, "copies", "in [0, 16]", copies);
  require(babble_talkers >= 1 && babble_talkers <= 8, "babble_talkers", "in [1, 8]", babble_talkers);
  require(snr_min_db >= -20 && snr_min_db <= 80, "snr_min_db", "in [-20, 80] dB", snr_min_db);
  require(snr_max_db >= snr_min_db && snr_max_db <= 80, "snr_max_db", "in [snr_min_db, 80] dB", snr_max_db);
  require(gain_min_db >= -40 && gain_min_db <= 40, "gain_min_db", "in [-40, 40] dB", gain_min_db);
  require(gain_max_db >= gain_min_db && gain_max_db <= 40, "gain_max_db", "in [gain_min_db, 40] dB", gain_max_db);
  require(shift_max_seconds >= 0 && shift_max_seconds <= 10, "shift_max_seconds", "in [0, 10] s", shift_max_seconds);
  for (double s : speeds) require(s >= 0.5 && s <= 2.0, "each of speeds", "in [0.5, 2]", s);
  require(rt60_min >= 0.05 && rt60_min <= 3, "rt60_min", "in [0.05, 3] s", rt60_min);
  require(rt60_max >= rt60_min && rt60_max <= 3, "rt60_max", "in [rt60_min, 3] s", rt60_max);
  require(drr_min_db >= -20 && drr_min_db <= 40, "drr_min_db", "in [-20, 40] dB", drr_min_db);
  require(drr_max_db >= drr_min_db && drr_max_db <= 40, "drr_max_db", "in [drr_min_db, 40] dB", drr_max_db);
  require(eq_max_db > 0 && eq_max_db <= 24, "eq_max_db", "in (0, 24] dB", eq_max_db);
  require(eq_highpass_max_hz >= 20 && eq_highpass_max_hz <= 1000, "eq_highpass_max_hz", "in [20, 1000] Hz",
          eq_highpass_max_hz);
  require(eq_order == 2 || eq_order == 4, "eq_order", "2 or 4", eq_order);
  for (const std::string& c : codecs) io::parse_codec(c);
  require(codec_min_bps >= 1000 && codec_min_bps <= 512000, "codec_min_bps", "in [1000, 512000] b/s", codec_min_bps);
  require(codec_max_bps >= codec_min_bps && codec_max_bps <= 512000, "codec_max_bps", "in [codec_min_bps, 512000] b/s",
          codec_max_bps);
}

nlohmann::json AudioAugmentParams::to_json() const {
  nlohmann::json j{{"copies", copies}};
  if (noise) {
    j["noise"] = {{"kind", noise_kind_name(noise_kind)}, {"snr_min_db", snr_min_db}, {"snr_max_db", snr_max_db}};
    if (noise_kind == NoiseKind::Babble) j["noise"]["babble_talkers"] = babble_talkers;
  }
  if (gain()) j["gain"] = {{"min_db", gain_min_db}, {"max_db", gain_max_db}};
  if (shift()) j["shift"] = {{"max_seconds", shift_max_seconds}, {"mode", shift_mode_name(shift_mode)}};
  if (speed()) j["speeds"] = speeds;
  if (reverb) j["reverb"] = {{"rt60_min", rt60_min}, {"rt60_max", rt60_max}, {"drr_min_db", drr_min_db}, {"drr_max_db", drr_max_db}};
  if (eq) {
    j["eq"] = {{"max_db", eq_max_db}};
    // Written only when not the defaults, so that the cache keys of earlier recipes stay theirs.
    const AudioAugmentParams defaults;
    if (eq_highpass_max_hz != defaults.eq_highpass_max_hz) j["eq"]["highpass_max_hz"] = eq_highpass_max_hz;
    if (eq_order != defaults.eq_order) j["eq"]["order"] = eq_order;
  }
  if (codec()) j["codec"] = {{"codecs", codecs}, {"min_bps", codec_min_bps}, {"max_bps", codec_max_bps}};
  return j;
}

void SpecAugmentParams::validate() const {
  auto check = [](const char* field, int v, int lo, int hi) {
    std::ostringstream range;
    range << "in [" << lo << ", " << hi << "]";
    require(v >= lo && v <= hi, field, range.str().c_str(), v);
  };
  check("time_masks", time_masks, 0, 16);
  check("time_mask_frames", time_mask_frames, 1, 1000);
  check("freq_masks", freq_masks, 0, 16);
  check("freq_mask_bands", freq_mask_bands, 1, 1000);
}

nlohmann::json SpecAugmentParams::to_json() const {
  return {{"time_masks", time_masks},
          {"time_mask_frames", time_mask_frames},
          {"freq_masks", freq_masks},
          {"freq_mask_bands", freq_mask_bands}};
}

void AugmentationParams::validate() const {
  audio.validate();
  spec.validate();
}

nlohmann::json AugmentationParams::to_json() const {
  return {{"audio", audio.enabled() ? audio.to_json() : nlohmann::json()},
          {"spec_augment", spec.enabled() ? spec.to_json() : nlohmann::json()}};
}

}  // namespace ser::train
