// TrainedNetwork and the scoring that training and evaluation share (trained_network_impl.h).
#include <torch/torch.h>

#include <cmath>
#include <map>

#include "common/error.h"
#include "nn/torch_network.h"
#include "train/loop/trained_network_impl.h"
#include "train/report/calibration.h"
#include "train/report/metrics.h"

namespace ser::train {
namespace {

constexpr size_t kEvalBatch = 256;

}  // namespace

NormalisedWindows::NormalisedWindows(const ExampleSet& set, const features::FeatureSpec& spec,
                                     const nn::Normalization& norm)
    : vector(spec.shape == features::InputShape::Vector), dim(spec.feature_dim()), mask_rows(spec.sequence_rows()) {
  if (norm.mean.size() != dim || norm.std.size() != dim) {
    throw ParameterError("normalisation has " + std::to_string(norm.mean.size()) + " entries for " +
                         std::to_string(dim) + " features");
  }
  size_t total = 0;
  for (const Matrix* w : set.windows) total += w->size();
  values.reserve(total);
  for (size_t i = 0; i < set.windows.size(); ++i) {
    const Matrix& w = *set.windows[i];
    if (vector ? (w.rows() != 1 || w.cols() != dim) : (w.rows() != dim || w.cols() == 0)) {
      throw ParameterError("window " + std::to_string(i) + " is " + std::to_string(w.rows()) + " x " +
                           std::to_string(w.cols()) + ", which does not fit features '" + spec.name + "'");
    }
    const size_t cols = w.cols();
    frames.push_back(vector ? 1 : cols);
    offset.push_back(values.size());
    for (size_t r = 0; r < w.rows(); ++r) {
      for (size_t c = 0; c < cols; ++c) {
        const float x = w(r, c);
        const size_t k = vector ? c : r;
        if (!std::isfinite(x)) {
          throw ParameterError("window " + std::to_string(i) + ": feature (" + std::to_string(r) + ", " +
                               std::to_string(c) + ") is not a finite number");
        }
        values.push_back((x - norm.mean[k]) / norm.std[k]);
      }
    }
  }
}

torch::Tensor NormalisedWindows::batch(const std::vector<size_t>& members) const {
  const auto b = static_cast<int64_t>(members.size());
  if (vector) {
    torch::Tensor x = torch::empty({b, static_cast<int64_t>(dim)});
    float* dst = x.data_ptr<float>();
    for (size_t i = 0; i < members.size(); ++i) std::copy_n(values.data() + offset[members[i]], dim, dst + i * dim);
    return x;
  }
  size_t longest = 0;
  for (size_t m : members) longest = std::max(longest, frames[m]);
  torch::Tensor x = torch::zeros({b, static_cast<int64_t>(dim), static_cast<int64_t>(longest)});
  float* dst = x.data_ptr<float>();
  for (size_t i = 0; i < members.size(); ++i) {
    const size_t t = frames[members[i]];
    const float* src = values.data() + offset[members[i]];
    for (size_t k = 0; k < dim; ++k) std::copy_n(src + k * t, t, dst + (i * dim + k) * longest);
  }
  return x;
}

torch::Tensor window_log_probabilities(nn::ZooNet& net, const NormalisedWindows& data) {
  torch::NoGradGuard no_grad;
  const auto n_classes = static_cast<int64_t>(net.n_classes());
  torch::Tensor out = torch::empty({static_cast<int64_t>(data.size()), n_classes});
  std::map<size_t, std::vector<size_t>> by_frames;
  for (size_t i = 0; i < data.size(); ++i) by_frames[data.frames[i]].push_back(i);
  for (const auto& [frames, members] : by_frames) {
    for (size_t begin = 0; begin < members.size(); begin += kEvalBatch) {
      const std::vector<size_t> part(members.begin() + static_cast<long>(begin),
                                     members.begin() + static_cast<long>(std::min(members.size(), begin + kEvalBatch)));
      const torch::Tensor lp = torch::log_softmax(net.forward(data.batch(part)), 1);
      out.index_copy_(0, torch::tensor(std::vector<int64_t>(part.begin(), part.end()), torch::kLong), lp);
    }
  }
  return out;
}

Matrix to_matrix(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat).contiguous();
  Matrix out(static_cast<size_t>(c.size(0)), static_cast<size_t>(c.size(1)));
  std::copy_n(c.data_ptr<float>(), out.size(), out.data());
  return out;
}

Matrix file_means(const torch::Tensor& window_log_probs, const ExampleSet& set) {
  return set.mean_by_file(to_matrix(window_log_probs.exp()));
}

ValidationScore score_files(nn::ZooNet& net, const NormalisedWindows& data, const ExampleSet& set, size_t n_classes) {
  const torch::Tensor lp = window_log_probabilities(net, data);
  double loss = 0.0;
  const float* src = lp.data_ptr<float>();
  for (size_t w = 0; w < set.n_windows(); ++w) loss -= src[w * n_classes + static_cast<size_t>(set.window_target(w))];
  ValidationScore v;
  v.window_loss = loss / double(set.n_windows());
  v.ua = evaluate(set.file_targets, argmax_rows(file_means(lp, set)), static_cast<int>(n_classes)).ua;
  return v;
}

std::shared_ptr<TrainedNetwork> make_trained_network(std::shared_ptr<nn::ZooNet> net, const features::FeatureSpec& spec,
                                                     const nn::Normalization& normalization, double temperature) {
  auto impl = std::make_unique<TrainedNetwork::Impl>();
  impl->net = std::move(net);
  impl->spec = spec;
  impl->normalization = normalization;
  impl->temperature = temperature;
  return std::make_shared<TrainedNetwork>(std::move(impl));
}

TrainedNetwork::TrainedNetwork(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TrainedNetwork::~TrainedNetwork() = default;

const nn::Normalization& TrainedNetwork::normalization() const { return impl_->normalization; }
const std::string& TrainedNetwork::architecture() const { return impl_->net->architecture(); }
const nlohmann::json& TrainedNetwork::hyper_parameters() const { return impl_->net->hyper_parameters(); }

double TrainedNetwork::temperature() const { return impl_->temperature; }

Matrix TrainedNetwork::window_log_probabilities(const ExampleSet& set) const {
  const NormalisedWindows data(set, impl_->spec, impl_->normalization);
  return to_matrix(train::window_log_probabilities(*impl_->net, data));
}

Matrix TrainedNetwork::file_probabilities(const ExampleSet& set) const {
  return set.mean_by_file(tempered(window_log_probabilities(set), impl_->temperature));
}

void TrainedNetwork::save(const std::string& path, nn::ModelInfo info) const {
  info.features = impl_->spec;
  info.normalization = impl_->normalization;
  info.temperature = impl_->temperature;
  nn::save_bundle(path, std::move(info), *impl_->net);
}

}  // namespace ser::train
