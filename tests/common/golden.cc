#include "common/golden.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "common/shared_data.h"

namespace ser::test {

bool GoldenInput::has(const std::string& feature) const {
  return std::filesystem::exists(dir + "/" + feature + ".npy");
}

std::vector<float> GoldenInput::y() const { return load("y").values; }

NpyArray GoldenInput::load(const std::string& feature) const { return read_npy(dir + "/" + feature + ".npy"); }

std::vector<GoldenInput> golden_inputs() {
  std::vector<GoldenInput> out;
  const std::string root = golden_dir();
  if (root.empty()) return out;
  std::ifstream in(root + "/index.json");
  const auto index = nlohmann::json::parse(in);
  for (const auto& e : index.at("inputs")) {
    GoldenInput g;
    g.name = e.at("name").get<std::string>();
    g.source = e.at("source").get<std::string>();
    g.n_samples = e.at("n_samples").get<size_t>();
    g.chroma_stft_tuning = e.at("chroma_stft_tuning").get<double>();
    g.tonnetz_cqt_tuning = e.at("tonnetz_cqt_tuning").get<double>();
    g.tonnetz_stft_chroma_tuning = e.at("tonnetz_stft_chroma_tuning").get<double>();
    g.dir = root + "/" + g.name;
    out.push_back(std::move(g));
  }
  return out;
}

double max_abs_diff(const Matrix& a, const Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    ADD_FAILURE() << "shape " << a.rows() << "x" << a.cols() << " != " << b.rows() << "x" << b.cols();
    return std::numeric_limits<double>::infinity();
  }
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = std::fabs(double(a.data()[i]) - double(b.data()[i]));
    if (!(d <= m)) m = d;  // NaN propagates as a failure
  }
  return m;
}

double max_abs(const Matrix& a) {
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(double(a.data()[i])));
  return m;
}

std::vector<bool> loud_frames(const std::vector<float>& y, double fraction) {
  const long long frame = 2048, hop = 512, n = static_cast<long long>(y.size());
  const size_t frames = static_cast<size_t>(1 + n / hop);
  std::vector<double> rms(frames);
  for (size_t t = 0; t < frames; ++t) {
    double sum = 0;
    for (long long i = static_cast<long long>(t) * hop - frame / 2, e = i + frame; i < e; ++i) {
      if (i >= 0 && i < n) sum += double(y[static_cast<size_t>(i)]) * y[static_cast<size_t>(i)];
    }
    rms[t] = std::sqrt(sum / frame);
  }
  const double peak = frames ? *std::max_element(rms.begin(), rms.end()) : 0.0;
  std::vector<bool> loud(frames);
  for (size_t t = 0; t < frames; ++t) loud[t] = rms[t] >= fraction * peak;
  return loud;
}

double max_abs_diff_in_columns(const Matrix& a, const Matrix& b, const std::vector<bool>& columns) {
  if (a.rows() != b.rows() || a.cols() != b.cols() || a.cols() != columns.size()) {
    ADD_FAILURE() << "shape " << a.rows() << "x" << a.cols() << " != " << b.rows() << "x" << b.cols()
                  << " (mask of " << columns.size() << ")";
    return std::numeric_limits<double>::infinity();
  }
  double m = 0;
  for (size_t r = 0; r < a.rows(); ++r) {
    for (size_t c = 0; c < a.cols(); ++c) {
      if (!columns[c]) continue;
      const double d = std::fabs(double(a(r, c)) - double(b(r, c)));
      if (!(d <= m)) m = d;
    }
  }
  return m;
}

}  // namespace ser::test
