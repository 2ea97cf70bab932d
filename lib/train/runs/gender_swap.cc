#include "train/runs/gender_swap.h"

#include <map>
#include <string>

#include "common/error.h"
#include "train/runs/speaker_norm.h"

namespace ser::train {
namespace {

// The mean of the speakers' means, each speaker weighing the same; empty when there is none.
std::vector<double> mean_of_speakers(const PreparedData& data, const std::map<std::string, std::vector<size_t>>& speakers,
                                     const features::FeatureSpec& spec) {
  std::vector<double> sum;
  size_t n = 0;
  for (const auto& entry : speakers) {
    const std::vector<double> m = stats_of(data, entry.second, spec).mean();
    if (m.empty()) continue;  // a speaker without any window
    if (sum.empty()) sum.assign(m.size(), 0.0);
    for (size_t k = 0; k < m.size(); ++k) sum[k] += m[k];
    ++n;
  }
  for (double& v : sum) v /= double(n);
  return sum;
}

}  // namespace

std::vector<float> gender_offset(const PreparedData& data, const std::vector<size_t>& training,
                                 const features::FeatureSpec& spec) {
  std::map<std::string, std::vector<size_t>> female, male;
  for (size_t i : training) {
    const data::Utterance& u = data.dataset.utterances[i];
    if (u.gender == data::Gender::Female) female[u.speaker].push_back(i);
    if (u.gender == data::Gender::Male) male[u.speaker].push_back(i);
  }
  const std::vector<double> f = mean_of_speakers(data, female, spec);
  const std::vector<double> m = mean_of_speakers(data, male, spec);
  if (f.empty() || m.empty()) {
    throw ParameterError(std::string("--gender-swap needs training speakers of both genders, but the training files hold no ") +
                         (f.empty() ? "female" : "male") +
                         " speaker with features: train on corpora whose reader knows the speakers' genders (RAVDESS, "
                         "EMO-DB, EMOVO, a CSV manifest with a gender column) or leave --gender-swap out");
  }
  std::vector<float> offset(f.size());
  for (size_t k = 0; k < f.size(); ++k) offset[k] = float(f[k] - m[k]);
  return offset;
}

FileFeatures shifted(const FileFeatures& file, const std::vector<float>& offset, float sign,
                     features::InputShape shape) {
  FileFeatures out = file;
  const bool vector = shape == features::InputShape::Vector;
  for (Matrix& w : out.windows) {
    for (size_t r = 0; r < w.rows(); ++r) {
      float* p = w.row(r);
      for (size_t c = 0; c < w.cols(); ++c) p[c] += sign * offset[vector ? c : r];
    }
  }
  return out;
}

}  // namespace ser::train
