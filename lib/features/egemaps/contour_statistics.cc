#include "features/egemaps/contour_statistics.h"

#include <algorithm>
#include <cmath>

namespace ser::features {
namespace {

struct Extremum {
  size_t at;
  bool peak;
};

// Billauer's peakdet with the contour's start as the valley before the first peak (the first
// rise runs from where the contour begins, which matches openSMILE's rising slopes better than the
// lowest point before the peak) and the lowest point after the last peak as the final valley.
void turning_points(FloatSpan x, double delta, std::vector<Extremum>& out) {
  out.clear();
  double mx = -INFINITY, mn = INFINITY;
  size_t mx_at = 0, mn_at = 0;
  bool look_for_max = true;
  for (size_t t = 0; t < x.size(); ++t) {
    const double v = x[t];
    if (v > mx) mx = v, mx_at = t;
    if (v < mn) mn = v, mn_at = t;
    if (look_for_max && v < mx - delta) {
      out.push_back({mx_at, true});
      mn = v, mn_at = t;
      look_for_max = false;
    } else if (!look_for_max && v > mn + delta) {
      out.push_back({mn_at, false});
      mx = v, mx_at = t;
      look_for_max = true;
    }
  }
  if (out.empty()) return;
  if (out.front().peak) out.insert(out.begin(), {0, false});
  if (out.back().peak) {
    const auto last = std::min_element(x.begin() + out.back().at, x.end());
    out.push_back({static_cast<size_t>(last - x.begin()), false});
  }
}

void mean_stddev(const std::vector<double>& v, double& mean, double& stddev) {
  mean = stddev = 0.0;
  if (v.empty()) return;
  for (double s : v) mean += s;
  mean /= static_cast<double>(v.size());
  for (double s : v) stddev += (s - mean) * (s - mean);
  stddev = std::sqrt(stddev / static_cast<double>(v.size()));
}

}  // namespace

MeanCv mean_cv(FloatSpan x) {
  MeanCv r;
  if (x.empty()) return r;
  double sum = 0.0;
  for (float v : x) sum += v;
  r.mean = sum / static_cast<double>(x.size());
  double sq = 0.0;
  for (float v : x) sq += (v - r.mean) * (v - r.mean);
  const double sd = std::sqrt(sq / static_cast<double>(x.size()));
  r.cv = r.mean != 0.0 ? sd / r.mean : 0.0;
  return r;
}

double percentile_sorted(const std::vector<float>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double pos = p * static_cast<double>(sorted.size() - 1);
  const size_t i = static_cast<size_t>(std::floor(pos));
  if (i + 1 >= sorted.size()) return sorted.back();
  const double f = pos - static_cast<double>(i);
  return sorted[i] * (1.0 - f) + sorted[i + 1] * f;
}

SlopeStats slope_stats(FloatSpan x, double dt) {
  SlopeStats s;
  if (x.size() < 3) return s;
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  std::vector<Extremum> ext;
  turning_points(x, 0.1 * (double(*hi) - double(*lo)), ext);
  std::vector<double> rising, falling;
  for (size_t i = 0; i + 1 < ext.size(); ++i) {
    const size_t a = ext[i].at, b = ext[i + 1].at;
    if (b == a) continue;
    const double slope = (double(x[b]) - double(x[a])) / (static_cast<double>(b - a) * dt);
    if (!ext[i].peak && ext[i + 1].peak) rising.push_back(slope);
    if (ext[i].peak && !ext[i + 1].peak) falling.push_back(-slope);
  }
  for (const auto& e : ext) s.peaks += e.peak;
  mean_stddev(rising, s.mean_rising, s.stddev_rising);
  mean_stddev(falling, s.mean_falling, s.stddev_falling);
  return s;
}

std::vector<size_t> segment_lengths(const std::vector<unsigned char>& flags, bool value, size_t bridge,
                                    size_t min_length) {
  // Runs as (value, length).
  std::vector<std::pair<bool, size_t>> runs;
  for (unsigned char f : flags) {
    const bool b = f != 0;
    if (runs.empty() || runs.back().first != b) runs.push_back({b, 0});
    ++runs.back().second;
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].first != value) continue;
    size_t length = runs[i].second;
    while (i + 2 < runs.size() && runs[i + 1].second <= bridge && runs[i + 2].first == value) {
      length += runs[i + 1].second + runs[i + 2].second;
      i += 2;
    }
    if (length >= min_length) out.push_back(length);
  }
  return out;
}

}  // namespace ser::features
