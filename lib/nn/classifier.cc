#include "nn/classifier.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/types.h>

#include <atomic>
#include <cmath>
#include <map>

#include "common/error.h"
#include "nn/classifier_impl.h"
#include "nn/device.h"
#include "nn/torch_network.h"

namespace ser::nn {
namespace {

// The thread count asked for through set_num_threads (0: never asked). libtorch keeps the
// OpenMP team size per calling thread, so each inference re-applies it on its own thread.
std::atomic<int> g_num_threads{0};

void apply_num_threads() {
  const int wanted = g_num_threads.load();
  if (wanted > 0 && at::get_num_threads() != wanted) at::set_num_threads(wanted);
}

std::string shape_text(std::size_t rows, std::size_t cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

}  // namespace

Classifier::Impl::Impl() = default;
Classifier::Impl::~Impl() = default;

namespace {

// The map x -> (x - mean) / std a window's features go through: the model's normalisation,
// preceded by the adaptive one (from `heard`, or its prior) when the model was trained with it.
struct InputMap {
  std::vector<float> mean, std;
};

InputMap input_map(const ModelInfo& info, const features::FeatureStats* heard) {
  if (!info.adaptation.enabled()) return {info.normalization.mean, info.normalization.std};
  std::vector<float> m, s;
  info.adaptation.current(heard, m, s);
  InputMap out;
  features::combine(m, s, info.normalization.mean, info.normalization.std, out.mean, out.std);
  return out;
}

// Writes (x - mean) / std of one window into `dst`: statistics per element for vector specs,
// per row (band) for sequence specs. Refuses NaN and infinite features.
void normalise_into(const ModelInfo& info, const InputMap& map, const float* src, std::size_t rows,
                    std::size_t cols, float* dst, std::size_t window) {
  const bool per_element = info.features.shape == features::InputShape::Vector;
  const auto& mean = map.mean;
  const auto& stdev = map.std;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const float x = src[r * cols + c];
      if (!std::isfinite(x)) {
        throw ParameterError("window " + std::to_string(window) + ": feature (" + std::to_string(r) + ", " +
                             std::to_string(c) + ") is " + std::to_string(x) + ", not a finite number");
      }
      const std::size_t k = per_element ? r * cols + c : r;
      dst[r * cols + c] = (x - mean[k]) / stdev[k];
    }
  }
}

// A network that passed the check pass at load may still overflow on some input (loud features
// times large weights): its NaN is refused here, so that no window is ever reported with a
// confidence that is not a number.
void check_probabilities(const float* p, std::size_t n, const std::string& path, std::size_t window) {
  for (std::size_t k = 0; k < n; ++k) {
    if (!(p[k] >= 0.0f && p[k] <= 1.0f)) {
      throw ModelError("model '" + path + "': window " + std::to_string(window) +
                       ": the network's output is not a number (NaN or infinite): the model cannot classify this "
                       "input; no label is given");
    }
  }
}

// Probabilities of `batch` windows of rows x frames features each, `window_data(i)` pointing at
// window i; rows of the result go to out.row(out_row(i)).
template <typename Data, typename OutRow>
void infer(const Classifier::Impl& impl, const InputMap& map, std::size_t batch, std::size_t frames,
           Data window_data, OutRow out_row, Matrix& out) {
  const auto& info = impl.info;
  const bool vector = info.features.shape == features::InputShape::Vector;
  const auto rows = static_cast<int64_t>(info.input_dim());
  const auto b = static_cast<int64_t>(batch);
  torch::Tensor x = vector ? torch::empty({b, rows}) : torch::empty({b, rows, static_cast<int64_t>(frames)});
  float* dst = x.data_ptr<float>();
  // The window as the caller's matrix has it: 1 x D, or D x frames.
  const std::size_t window_rows = vector ? 1 : static_cast<std::size_t>(rows);
  const std::size_t window_cols = vector ? static_cast<std::size_t>(rows) : frames;
  for (std::size_t i = 0; i < batch; ++i) {
    normalise_into(info, map, window_data(i), window_rows, window_cols, dst + i * window_rows * window_cols, i);
  }
  apply_num_threads();
  torch::Tensor probabilities;
  try {
    c10::InferenceMode guard;
    const torch::Tensor logits = impl.network->forward(x.to(torch::Device(impl.device)));
    // Calibrated: softmax(logits / T) (model_info.h); T = 1 leaves the logits as they are.
    const torch::Tensor scaled = info.temperature == 1.0 ? logits.to(torch::kFloat)
                                                         : logits.to(torch::kFloat) / info.temperature;
    probabilities = torch::softmax(scaled, 1).to(torch::kCPU).contiguous();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError("model '" + impl.path + "': inference failed: " + torch_error_message(e));
  }
  const auto n_classes = static_cast<int64_t>(info.labels.size());
  if (probabilities.dim() != 2 || probabilities.size(0) != b || probabilities.size(1) != n_classes) {
    throw ModelError("model '" + impl.path + "': the network returned a tensor of " +
                     std::to_string(probabilities.numel()) + " values for " + std::to_string(batch) + " windows of " +
                     std::to_string(n_classes) + " labels");
  }
  const float* p = probabilities.data_ptr<float>();
  for (std::size_t i = 0; i < batch; ++i) {
    check_probabilities(p + i * n_classes, static_cast<std::size_t>(n_classes), impl.path, i);
    std::copy(p + i * n_classes, p + (i + 1) * n_classes, out.row(out_row(i)));
  }
}

}  // namespace

Classifier::Classifier(const std::string& path, const ClassifierOptions& options) : impl_(std::make_unique<Impl>()) {
  if (options.num_threads < 0) {
    throw ParameterError("num_threads must be >= 0 (0 leaves libtorch's setting; got " +
                         std::to_string(options.num_threads) + ")");
  }
  impl_->device = resolve_device(options.device);
  LoadedModel model = load_model(path, options.torchscript);
  impl_->path = path;
  impl_->info = std::move(model.info);
  impl_->network = std::move(model.network);
  if (options.num_threads > 0) set_num_threads(options.num_threads);
  try {
    impl_->network->to(torch::Device(impl_->device));
  } catch (const std::exception& e) {
    throw ModelError("model '" + path + "': cannot move it to " + impl_->device + ": " + torch_error_message(e));
  }
  if (options.warm_up) {
    const auto& spec = impl_->info.features;
    const std::size_t frames = spec.shape == features::InputShape::Vector ? 1 : spec.frames_for(spec.window_samples());
    const std::vector<float> zeros(impl_->info.input_dim() * frames, 0.0f);
    classify(FloatSpan(zeros), 1, frames);
  }
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;

const ModelInfo& Classifier::info() const { return impl_->info; }
const std::string& Classifier::path() const { return impl_->path; }
const std::vector<std::string>& Classifier::labels() const { return impl_->info.labels; }
std::size_t Classifier::num_classes() const { return impl_->info.labels.size(); }
std::string Classifier::device() const { return impl_->device; }

std::size_t Classifier::feature_rows() const {
  return impl_->info.features.shape == features::InputShape::Vector ? 1 : impl_->info.input_dim();
}

Matrix Classifier::classify(const std::vector<Matrix>& windows) const { return classify(windows, nullptr); }

Matrix Classifier::classify(const std::vector<Matrix>& windows, const features::FeatureStats* heard) const {
  const InputMap map = input_map(impl_->info, heard);
  const bool vector = impl_->info.features.shape == features::InputShape::Vector;
  const std::size_t rows = feature_rows();
  const std::size_t cols = vector ? impl_->info.input_dim() : 0;
  // Windows grouped by frame count, each group one forward.
  std::map<std::size_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto& w = windows[i];
    if (w.rows() != rows || (vector ? w.cols() != cols : w.cols() == 0)) {
      throw ParameterError("window " + std::to_string(i) + ": features are " + shape_text(w.rows(), w.cols()) +
                           ", but model '" + impl_->info.name + "' takes " +
                           (vector ? shape_text(rows, cols) : std::to_string(rows) + " x frames (frames >= 1)"));
    }
    groups[w.cols()].push_back(i);
  }
  Matrix out(windows.size(), num_classes());
  for (const auto& group : groups) {
    const std::vector<std::size_t>& members = group.second;  // a lambda may not capture a structured binding in C++17
    const std::size_t n = vector ? 1 : group.first;
    infer(*impl_, map, members.size(), n, [&](std::size_t k) { return windows[members[k]].data(); },
          [&](std::size_t k) { return members[k]; }, out);
  }
  return out;
}

Matrix Classifier::classify(const Matrix& window) const { return classify(std::vector<Matrix>{window}); }

Matrix Classifier::classify(FloatSpan flat, std::size_t batch, std::size_t frames) const {
  const bool vector = impl_->info.features.shape == features::InputShape::Vector;
  const std::size_t per_window = impl_->info.input_dim() * frames;
  if (frames == 0 || (vector && frames != 1) || flat.size() != batch * per_window) {
    throw ParameterError("flat batch: " + std::to_string(flat.size()) + " values for " + std::to_string(batch) +
                         " windows of " + std::to_string(impl_->info.input_dim()) + " x " + std::to_string(frames) +
                         (vector ? " (a vector model takes frames = 1)" : " (frames >= 1)"));
  }
  Matrix out(batch, num_classes());
  if (batch == 0) return out;
  infer(*impl_, input_map(impl_->info, nullptr), batch, frames,
        [&](std::size_t k) { return flat.data() + k * per_window; },
        [](std::size_t k) { return k; }, out);
  return out;
}

TopLabel Classifier::top(const Matrix& probabilities, std::size_t row) const {
  if (row >= probabilities.rows() || probabilities.cols() != num_classes()) {
    throw ParameterError("top: row " + std::to_string(row) + " of a " +
                         shape_text(probabilities.rows(), probabilities.cols()) +
                         " matrix, which is not this classifier's probabilities (" + std::to_string(num_classes()) +
                         " labels)");
  }
  const float* p = probabilities.row(row);
  const std::size_t best = static_cast<std::size_t>(std::max_element(p, p + num_classes()) - p);
  return {best, labels()[best], p[best]};
}

void Classifier::set_num_threads(int n) {
  if (n < 1) throw ParameterError("num_threads must be >= 1 (got " + std::to_string(n) + ")");
  g_num_threads.store(n);
  at::set_num_threads(n);
}

int Classifier::num_threads() {
  apply_num_threads();
  return at::get_num_threads();
}

}  // namespace ser::nn
