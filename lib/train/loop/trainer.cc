// The training loop (trainer.h). With trained_network.cc and the files of dist/, the part of
// lib/train that includes libtorch.
#include "train/loop/trainer.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "common/error.h"
#include "common/require.h"
#include "data/rng.h"
#include "nn/classifier.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn/zoo.h"
#include "train/augment/spec_augment.h"
#include "train/dist/data_parallel_impl.h"
#include "train/inputs/content_hash.h"
#include "train/inputs/parallel.h"
#include "train/loop/class_weights.h"
#include "train/loop/mixup.h"
#include "train/loop/trained_network_impl.h"
#include "train/report/metrics.h"

namespace ser::train {
namespace {

using Clock = std::chrono::steady_clock;

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "training", field, range, got);
}

// The per-epoch state of early stopping: the best validation result so far and its weights.
struct BestEpoch {
  int epoch = 0;
  double ua = -1.0;
  double loss = std::numeric_limits<double>::infinity();
  std::vector<torch::Tensor> weights;

  bool improved_by(double ua_now, double loss_now) const {
    return ua_now > ua || (ua_now == ua && loss_now < loss);
  }
};

std::vector<torch::Tensor> snapshot(const nn::ZooNet& net) {
  std::vector<torch::Tensor> out;
  for (const auto& p : net.parameters()) out.push_back(p.detach().clone());
  for (const auto& b : net.buffers()) out.push_back(b.detach().clone());
  return out;
}

void restore(nn::ZooNet& net, const std::vector<torch::Tensor>& weights) {
  torch::NoGradGuard no_grad;
  size_t i = 0;
  for (auto& p : net.parameters()) p.copy_(weights[i++]);
  for (auto& b : net.buffers()) b.copy_(weights[i++]);
}

// One training batch: windows normalised, masked when asked, zero-padded to the longest.
torch::Tensor training_batch(const NormalisedWindows& data, const std::vector<size_t>& order, size_t begin,
                             size_t end, const SpecAugmentParams& masks, data::Rng* mask_rng,
                             std::vector<float>& scratch) {
  std::vector<size_t> members(order.begin() + static_cast<long>(begin), order.begin() + static_cast<long>(end));
  torch::Tensor x = data.batch(members);
  if (mask_rng && !data.vector) {
    float* dst = x.data_ptr<float>();
    const size_t stride = static_cast<size_t>(x.size(2));
    for (size_t b = 0; b < members.size(); ++b) {
      // Masks cover the window's own frames, not the padding.
      const size_t frames = data.frames[members[b]];
      scratch.resize(data.dim * frames);
      float* window = dst + b * data.dim * stride;
      for (size_t k = 0; k < data.dim; ++k) std::copy_n(window + k * stride, frames, scratch.data() + k * frames);
      spec_augment(scratch.data(), data.mask_rows, frames, masks, *mask_rng);  // the sequence rows only
      for (size_t k = 0; k < data.dim; ++k) std::copy_n(scratch.data() + k * frames, frames, window + k * stride);
    }
  }
  return x;
}

// What every network of a training run is trained on, prepared once.
struct LoopData {
  LoopData(const ExampleSet& training, const ExampleSet* validation, size_t n_classes,
           const features::FeatureSpec& spec, const nn::Normalization& normalization, const TrainerOptions& o)
      : train(training, spec, normalization),
        n_classes(n_classes),
        validation(validation && validation->n_files() > 0 ? validation : nullptr) {
    std::vector<int> targets_int(training.n_windows());
    for (size_t w = 0; w < training.n_windows(); ++w) targets_int[w] = training.window_target(w);
    targets = torch::tensor(std::vector<int64_t>(targets_int.begin(), targets_int.end()), torch::kLong);
    if (!training.file_weights.empty()) {
      std::vector<float> w(training.n_windows());
      for (size_t k = 0; k < w.size(); ++k) w[k] = training.file_weights[training.window_file[k]];
      window_weights = torch::tensor(w);
    } else if (o.class_weights) {
      class_weights = torch::tensor(inverse_frequency_weights(targets_int, n_classes));
    }
    if (this->validation) val = std::make_unique<NormalisedWindows>(*validation, spec, normalization);
  }

  NormalisedWindows train;
  size_t n_classes;
  torch::Tensor targets, class_weights, window_weights;
  const ExampleSet* validation;  // nullptr: no validation part
  std::unique_ptr<NormalisedWindows> val;
};

// Each window of a batch's weight in the loss: its own (corpus and class balance), its class's, or
// undefined (none). `explicit_class_weights` false: the class weights are left to the loss's own
// option (one process without mixup, as it always was; batch_loss).
torch::Tensor loss_weights(const LoopData& loop, const torch::Tensor& index, const torch::Tensor& y,
                           bool explicit_class_weights) {
  if (loop.window_weights.defined()) return loop.window_weights.index_select(0, index);
  if (explicit_class_weights && loop.class_weights.defined()) return loop.class_weights.index_select(0, y);
  return {};
}

// One process's loss of a batch: cross-entropy of `logits` against class indices or probability
// rows `y`, the weighted mean over the batch with weights `w`, else weighted by class_weights (when
// defined) as libtorch's option does.
torch::Tensor batch_loss(const torch::Tensor& logits, const torch::Tensor& y, const torch::Tensor& w,
                         const torch::Tensor& class_weights) {
  auto options = torch::nn::functional::CrossEntropyFuncOptions();
  if (w.defined()) {
    options.reduction(torch::kNone);
    return (torch::nn::functional::cross_entropy(logits, y, options) * w).sum() / w.sum();
  }
  if (class_weights.defined()) options.weight(class_weights);
  return torch::nn::functional::cross_entropy(logits, y, options);
}

// Mean loss over the epoch's batches, weighted by their sizes. With `dp`, this process trains on
// its share of each batch and the loss is the whole batch's.
double train_epoch(nn::ZooNet& net, torch::optim::Adam& optimiser, const LoopData& loop, const TrainerOptions& o,
                   int epoch, dist::DataParallel* dp) {
  const NormalisedWindows& data = loop.train;
  net.train();
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  data::Rng shuffle_rng(hash_combine(o.seed, static_cast<uint64_t>(epoch)));
  shuffle_rng.shuffle(order);
  const size_t batch = static_cast<size_t>(o.batch_size);
  const size_t smallest = dp ? dp->min_batch() : 2;  // BatchNorm cannot train on one window
  double loss_sum = 0.0;
  size_t seen = 0;
  std::vector<float> scratch;
  std::unique_ptr<data::Rng> mix_rng;
  if (o.mixup > 0) mix_rng = std::make_unique<data::Rng>(hash_combine(o.seed ^ 0x313C5ULL, static_cast<uint64_t>(epoch)));
  for (size_t begin = 0, b = 0; begin < order.size(); begin += batch, ++b) {
    const size_t end = std::min(order.size(), begin + batch);
    if (end - begin < smallest) break;
    std::unique_ptr<data::Rng> mask_rng;
    if (o.spec_augment.enabled()) {
      mask_rng = std::make_unique<data::Rng>(hash_combine(hash_combine(o.seed ^ 0x5BECULL, uint64_t(epoch)), b));
    }
    torch::Tensor x = training_batch(data, order, begin, end, o.spec_augment, mask_rng.get(), scratch);
    std::vector<int64_t> idx(order.begin() + static_cast<long>(begin), order.begin() + static_cast<long>(end));
    const torch::Tensor index = torch::tensor(idx, torch::kLong);
    torch::Tensor y = loop.targets.index_select(0, index);
    torch::Tensor w = loss_weights(loop, index, y, dp || mix_rng);
    if (mix_rng) {
      MixedBatch mixed = mix_batch(x, y, w, static_cast<int64_t>(loop.n_classes), o.mixup, *mix_rng);
      x = mixed.x;
      y = mixed.targets;
      w = mixed.weights;
    }
    optimiser.zero_grad();
    torch::Tensor loss;
    double value = 0;
    if (dp) {
      value = dp->forward_backward(net, x, y, w);
    } else {
      loss = batch_loss(net.forward(x), y, w, loop.class_weights);
      value = loss.item<double>();
    }
    if (!std::isfinite(value)) {
      throw Error("training diverged in epoch " + std::to_string(epoch) +
                  " (the loss is not a finite number): lower the learning rate (--lr)");
    }
    if (!dp) loss.backward();
    optimiser.step();
    if (dp) dp->after_step(net, epoch, b + 1);
    loss_sum += value * double(end - begin);
    seen += end - begin;
  }
  return seen ? loss_sum / double(seen) : std::numeric_limits<double>::quiet_NaN();
}

void set_rate(torch::optim::Adam& optimiser, double lr) {
  for (auto& group : optimiser.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

}  // namespace

void TrainerOptions::validate() const {
  require(epochs >= 1 && epochs <= 10000, "epochs", "in [1, 10000]", epochs);
  require(batch_size >= 2 && batch_size <= 65536, "batch_size", "in [2, 65536]", batch_size);
  require(learning_rate > 0 && std::isfinite(learning_rate), "learning_rate", "> 0", learning_rate);
  require(weight_decay >= 0 && std::isfinite(weight_decay), "weight_decay", ">= 0", weight_decay);
  require(patience >= 0, "patience", ">= 0 (0: no early stopping)", patience);
  require(threads >= 0, "threads", ">= 0 (0: every core)", threads);
  schedule.validate();
  require(mixup >= 0 && mixup <= 4, "mixup", "in [0, 4] (0: none)", mixup);
  spec_augment.validate();
}

nlohmann::json TrainerOptions::to_json() const {
  nlohmann::json j = {{"optimizer", "adam"},
                      {"epochs", epochs},
                      {"batch_size", batch_size},
                      {"learning_rate", learning_rate},
                      {"weight_decay", weight_decay},
                      {"schedule", schedule.to_json()},
                      {"patience", patience},
                      {"keep", keep_best ? "best" : "last"},
                      {"class_weights", class_weights ? "inverse_frequency" : "none"},
                      {"seed", seed}};
  if (mixup > 0) j["mixup"] = mixup;  // absent when off, as reports before it were
  return j;
}

namespace {

struct LoopResult {
  std::shared_ptr<nn::ZooNet> net;  // the kept weights, in eval mode
  LearningCurve curve;
  int best_epoch = 0;
};

// The loop of trainer.h for one network of the zoo: o.model with o.hyper_parameters and o.seed.
LoopResult train_one(const LoopData& data, const features::FeatureSpec& spec, const TrainerOptions& o,
                     const EpochCallback& on_epoch, dist::Group* group) {
  const size_t n_classes = data.n_classes;
  torch::manual_seed(o.seed);
  std::shared_ptr<nn::ZooNet> net = nn::make_network(o.model, o.hyper_parameters, spec.feature_dim(), n_classes);
  std::unique_ptr<dist::DataParallel> dp;
  if (group && group->size() > 1) {
    if (static_cast<size_t>(o.batch_size) < 2 * static_cast<size_t>(group->size())) {
      throw ParameterError("a batch of " + std::to_string(o.batch_size) + " windows cannot be shared by " +
                           std::to_string(group->size()) + " processes (each needs 2 for batch normalisation): "
                           "raise --batch-size to " + std::to_string(2 * group->size()) + " or more");
    }
    dp = std::make_unique<dist::DataParallel>(*group, *net, o.seed);
  }
  torch::optim::Adam optimiser(net->parameters(),
                               torch::optim::AdamOptions(o.learning_rate).weight_decay(o.weight_decay));
  LrSchedule schedule(o.schedule, o.learning_rate, o.epochs);
  LoopResult result;
  BestEpoch best;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    const auto start = Clock::now();
    EpochRecord record;
    record.epoch = epoch;
    record.learning_rate = schedule.rate(epoch);
    set_rate(optimiser, record.learning_rate);
    record.train_loss = train_epoch(*net, optimiser, data, o, epoch, dp.get());
    bool stop = false;
    if (data.validation) {
      // Data parallel: rank 0 alone scores and decides; every member follows its figures.
      std::vector<double> v(4, 0.0);  // UA, loss, improved, stop
      if (!dp || dp->is_root()) {
        net->eval();
        const ValidationScore score = score_files(*net, *data.val, *data.validation, n_classes);
        const bool improved = best.improved_by(score.ua, score.window_loss);
        const int best_epoch = improved ? epoch : best.epoch;
        v = {score.ua, score.window_loss, improved ? 1.0 : 0.0,
             o.keep_best && o.patience > 0 && epoch - best_epoch >= o.patience ? 1.0 : 0.0};
      }
      if (dp) dp->broadcast(v);
      record.val_ua = v[0];
      record.val_loss = v[1];
      schedule.observe(v[0]);
      if (v[2] != 0.0) best = {epoch, v[0], v[1], snapshot(*net)};
      stop = v[3] != 0.0;
    }
    record.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.curve.push_back(record);
    if (on_epoch) on_epoch(record, o.epochs);
    if (stop) break;
  }
  if (data.validation && o.keep_best) {
    restore(*net, best.weights);
    result.best_epoch = best.epoch;
  } else {
    result.best_epoch = static_cast<int>(result.curve.size());
  }
  net->eval();
  result.net = net;
  return result;
}

// The networks' curves averaged epoch by epoch, each epoch over the networks that ran it (one
// that stopped early counts no further); their seconds summed: the ensemble's time.
LearningCurve mean_curve(const std::vector<LoopResult>& runs) {
  size_t epochs = 0;
  for (const auto& r : runs) epochs = std::max(epochs, r.curve.size());
  LearningCurve out(epochs);
  for (size_t e = 0; e < epochs; ++e) {
    std::vector<const EpochRecord*> ran;
    for (const auto& r : runs) {
      if (e < r.curve.size()) ran.push_back(&r.curve[e]);
    }
    const double n = static_cast<double>(ran.size());
    EpochRecord& m = out[e] = *ran.front();  // the epoch and its learning rate
    m.train_loss = m.val_loss = m.val_ua = m.seconds = 0.0;
    for (const EpochRecord* x : ran) {
      m.train_loss += x->train_loss / n;
      m.val_loss += x->val_loss / n;
      m.val_ua += x->val_ua / n;
      m.seconds += x->seconds;
    }
  }
  return out;
}

// mlp_ensemble: each network trained alone, as an mlp with its own seed, then joined.
LoopResult train_ensemble(const LoopData& data, const features::FeatureSpec& spec,
                          const TrainerOptions& o, const EpochCallback& on_epoch, dist::Group* group) {
  const auto params = nn::resolve_hyper_parameters(o.model, o.hyper_parameters).get<nn::MlpEnsembleParams>();
  const std::vector<nn::MlpParams> members = params.networks();
  std::vector<LoopResult> runs;
  std::vector<std::shared_ptr<nn::ZooNet>> networks;
  for (const nn::MlpParams& p : members) {
    // Progress over the whole ensemble: network k's epoch e is epoch k * epochs + e of
    // members.size() * epochs, so that a progress line and its time left do not start over.
    const int offset = static_cast<int>(runs.size()) * o.epochs;
    EpochCallback progress;
    if (on_epoch) {
      progress = [&, offset](const EpochRecord& record, int epochs) {
        EpochRecord shown = record;
        shown.epoch += offset;
        on_epoch(shown, epochs * static_cast<int>(members.size()));
      };
    }
    TrainerOptions member = o;
    member.model = nn::MlpParams::kName;
    member.hyper_parameters = p;
    // Seeds apart from every other run's: seed s's networks are not seed s+1's.
    member.seed = hash_combine(o.seed, static_cast<uint64_t>(runs.size()));
    runs.push_back(train_one(data, spec, member, progress, group));
    networks.push_back(runs.back().net);
  }
  LoopResult result;
  result.net = nn::ensemble_of(o.hyper_parameters, std::move(networks));
  result.net->eval();
  result.curve = mean_curve(runs);
  result.best_epoch = runs.front().best_epoch;
  for (const auto& r : runs) result.best_epoch = std::max(result.best_epoch, r.best_epoch);
  return result;
}

}  // namespace

TrainingOutcome train_network(const ExampleSet& training, const ExampleSet* validation, size_t n_classes,
                              const features::FeatureSpec& spec, const nn::Normalization& normalization,
                              const TrainerOptions& o, const EpochCallback& on_epoch, dist::Group* group) {
  o.validate();
  if (training.n_windows() < 2) {
    throw ParameterError("training: the training part has " + std::to_string(training.n_windows()) +
                         " windows; at least 2 are needed");
  }
  if (o.spec_augment.enabled() && spec.shape == features::InputShape::Vector) {
    throw ParameterError("SpecAugment masks need sequence features, but '" + spec.name +
                         "' is a vector: drop the mask options or choose sequence features");
  }
  nn::Classifier::set_num_threads(resolve_jobs(o.threads));
  const LoopData data(training, validation, n_classes, spec, normalization, o);
  const LoopResult run = o.model == nn::MlpEnsembleParams::kName
                             ? train_ensemble(data, spec, o, on_epoch, group)
                             : train_one(data, spec, o, on_epoch, group);
  TrainingOutcome outcome;
  outcome.curve = run.curve;
  outcome.best_epoch = run.best_epoch;
  if (data.validation) {
    outcome.calibration = fit_temperature(to_matrix(window_log_probabilities(*run.net, *data.val)),
                                          data.validation->window_targets());
  }
  outcome.network = make_trained_network(run.net, spec, normalization, outcome.calibration.temperature);
  return outcome;
}

std::vector<int> argmax_rows(const Matrix& p) {
  std::vector<int> out(p.rows());
  for (size_t r = 0; r < p.rows(); ++r) {
    const float* row = p.row(r);
    out[r] = static_cast<int>(std::max_element(row, row + p.cols()) - row);
  }
  return out;
}

}  // namespace ser::train
