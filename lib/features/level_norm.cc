// seremotion: level normalisation (level_norm.h).
#include "features/level_norm.h"

#include <algorithm>
#include <cmath>

#include "features/silence_gate.h"

namespace ser::features {

void LevelNormaliser::measure_frames(FloatSpan audio, int sample_rate) {
  const size_t frame = std::max<size_t>(1, static_cast<size_t>(sample_rate) / 100);
  powers_.clear();
  for (size_t start = 0; start < audio.size(); start += frame) {
    const size_t end = std::min(audio.size(), start + frame);
    double sum = 0.0;
    for (size_t i = start; i < end; ++i) sum += static_cast<double>(audio[i]) * audio[i];
    powers_.push_back(sum / static_cast<double>(end - start));
  }
}

double LevelNormaliser::active_level_dbfs(FloatSpan audio, int sample_rate) {
  measure_frames(audio, sample_rate);
  if (powers_.empty()) return kFloorDbfs;
  ranked_.assign(powers_.begin(), powers_.end());
  const size_t p95 = (ranked_.size() - 1) * 95 / 100;
  std::nth_element(ranked_.begin(), ranked_.begin() + static_cast<std::ptrdiff_t>(p95), ranked_.end());
  const double loud = ranked_[p95];
  if (!(loud > 0.0)) return kFloorDbfs;
  const double threshold = loud * std::pow(10.0, -kActiveRangeDb / 10.0);
  double sum = 0.0;
  size_t n = 0;
  for (double p : powers_) {
    if (p >= threshold) {
      sum += p;
      ++n;
    }
  }
  return std::max(kFloorDbfs, 10.0 * std::log10(sum / static_cast<double>(n)));
}

double LevelNormaliser::gain_db(FloatSpan audio, int sample_rate, double target_dbfs) {
  const double level = active_level_dbfs(audio, sample_rate);
  if (level <= kFloorDbfs) return 0.0;
  return std::clamp(target_dbfs - level, -kMaxGainDb, kMaxGainDb);
}

FloatSpan LevelNormaliser::normalise(FloatSpan audio, int sample_rate, double target_dbfs) {
  const float gain = static_cast<float>(std::pow(10.0, gain_db(audio, sample_rate, target_dbfs) / 20.0));
  scaled_.resize(audio.size());
  for (size_t i = 0; i < audio.size(); ++i) scaled_[i] = audio[i] * gain;
  return FloatSpan(scaled_.data(), scaled_.size());
}

}  // namespace ser::features
