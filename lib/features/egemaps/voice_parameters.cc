#include "features/egemaps/voice_parameters.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "features/egemaps/egemaps_functionals.h"
#include "features/egemaps/egemaps_names.h"

namespace ser::features {
namespace {

size_t functional(const char* name) {
  const auto& names = egemaps_functional_names();
  return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace

VoiceParameters voice_parameters(const float* f) {
  static const size_t f0_mean = functional("F0semitoneFrom27.5Hz_sma3nz_amean"),
                      f0_range = functional("F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2"),
                      loudness = functional("loudness_sma3_amean"), jitter = functional("jitterLocal_sma3nz_amean"),
                      shimmer = functional("shimmerLocaldB_sma3nz_amean"), hnr = functional("HNRdBACF_sma3nz_amean"),
                      peaks = functional("loudnessPeaksPerSec"), level = functional("equivalentSoundLevel_dBp"),
                      segment_rate = functional("VoicedSegmentsPerSec"),
                      segment_length = functional("MeanVoicedSegmentLengthSec");
  constexpr double kHop = 0.01;  // eGeMAPS' frame step, s
  VoiceParameters v;
  v.f0_mean_hz = f[f0_mean] > 0 ? 27.5 * std::exp2(f[f0_mean] / 12.0) : 0.0;
  v.f0_mean_semitones = f[f0_mean];
  v.f0_range_semitones = f[f0_range];
  v.loudness = f[loudness];
  v.level_db = f[level];
  v.jitter_percent = 100.0 * f[jitter];
  v.shimmer_db = f[shimmer];
  v.hnr_db = f[hnr];
  // Segments per second times frames per segment: a segment of n frames lasts (n - 1) hops.
  v.voiced_fraction = std::clamp(double(f[segment_rate]) * (f[segment_length] + kHop), 0.0, 1.0);
  v.loudness_peaks_per_second = f[peaks];
  return v;
}

VoiceParameters voice_parameters(const EgemapsAnalysis& a) {
  std::array<float, Egemaps::kFunctionals> f{};
  egemaps_functionals(a, f.data());
  return voice_parameters(f.data());
}

std::vector<std::pair<std::string, double>> voice_parameter_fields(const VoiceParameters& v, bool snake) {
  std::vector<std::pair<std::string, double>> out{
      {"f0-mean-hz", v.f0_mean_hz},
      {"f0-mean-semitones", v.f0_mean_semitones},
      {"f0-range-semitones", v.f0_range_semitones},
      {"loudness", v.loudness},
      {"level-db", v.level_db},
      {"jitter-percent", v.jitter_percent},
      {"shimmer-db", v.shimmer_db},
      {"hnr-db", v.hnr_db},
      {"voiced-fraction", v.voiced_fraction},
      {"loudness-peaks-per-second", v.loudness_peaks_per_second},
  };
  if (snake) {
    for (auto& field : out) std::replace(field.first.begin(), field.first.end(), '-', '_');
  }
  return out;
}

}  // namespace ser::features
