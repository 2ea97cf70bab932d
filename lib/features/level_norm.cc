// seremotion: level normalisation (level_norm.h).
#include "features/level_norm.h"

#include <algorithm>
#include <cmath>

#include "features/silence_gate.h"

namespace ser::features {

namespace {

// Mean square of each 10 ms frame (the last frame may be shorter).
std::vector<double> frame_powers(FloatSpan audio, int sample_rate) {
  const size_t frame = std::max<size_t>(1, static_cast<size_t>(sample_rate) / 100);
  std::vector<double> powers;
  powers.reserve(audio.size() / frame + 1);
  for (size_t start = 0; start < audio.size(); start += frame) {
    const size_t end = std::min(audio.size(), start + frame);
    double sum = 0.0;
    for (size_t i = start; i < end; ++i) sum += static_cast<double>(audio[i]) * audio[i];
    powers.push_back(sum / static_cast<double>(end - start));
  }
  return powers;
}

}  // namespace

double active_level_dbfs(FloatSpan audio, int sample_rate) {
  std::vector<double> powers = frame_powers(audio, sample_rate);
  if (powers.empty()) return kFloorDbfs;
  std::vector<double> sorted = powers;
  const size_t p95 = (sorted.size() - 1) * 95 / 100;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(p95), sorted.end());
  const double loud = sorted[p95];
  if (!(loud > 0.0)) return kFloorDbfs;
  const double threshold = loud * std::pow(10.0, -kActiveRangeDb / 10.0);
  double sum = 0.0;
  size_t n = 0;
  for (double p : powers) {
    if (p >= threshold) {
      sum += p;
      ++n;
    }
  }
  return std::max(kFloorDbfs, 10.0 * std::log10(sum / static_cast<double>(n)));
}

double level_gain_db(FloatSpan audio, int sample_rate, double target_dbfs) {
  const double level = active_level_dbfs(audio, sample_rate);
  if (level <= kFloorDbfs) return 0.0;
  return std::clamp(target_dbfs - level, -kMaxGainDb, kMaxGainDb);
}

FloatSpan normalise_level(FloatSpan audio, int sample_rate, double target_dbfs, std::vector<float>& out) {
  const float gain = static_cast<float>(std::pow(10.0, level_gain_db(audio, sample_rate, target_dbfs) / 20.0));
  out.resize(audio.size());
  for (size_t i = 0; i < audio.size(); ++i) out[i] = audio[i] * gain;
  return FloatSpan(out.data(), out.size());
}

}  // namespace ser::features
