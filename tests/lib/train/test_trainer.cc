// The training loop on synthetic features: it learns, repeats itself from a seed, stops early on
// the validation part, and exports what it scored.
#include "train/loop/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>

#include "common/error.h"
#include "data/rng.h"
#include "lib/data/error_of.h"
#include "lib/data/temp_tree.h"
#include "nn/classifier.h"
#include "train/augment/audio_augmentation.h"
#include "train/inputs/content_hash.h"
#include "train/inputs/normalization_stats.h"
#include "train/report/metrics.h"
#include "synthetic_training.h"

namespace ser::train {
namespace {

using data::test::error_of;
using data::test::mentions;
using data::test::TempTree;

double accuracy_of(const TrainedNetwork& net, const ExampleSet& set) {
  return evaluate(set.file_targets, argmax_rows(net.file_probabilities(set)), 2).accuracy;
}

// `net` saved as a bundle named `name` (labels happy and sad) in `tree`, loaded back.
nn::Classifier reloaded(const TrainedNetwork& net, const TempTree& tree, const std::string& name) {
  nn::ModelInfo info;
  info.name = name;
  info.labels = {"happy", "sad"};
  const std::string path = tree.path(name + ".sermodel");
  net.save(path, info);
  return nn::Classifier(path, {"cpu", 1, false});
}

// The classifier scores file f of `set` (its two windows) as training did: `expected` row f.
void expect_file_scored_as(const nn::Classifier& classifier, const ExampleSet& set, size_t f, const Matrix& expected) {
  const Matrix p = classifier.classify(std::vector<Matrix>{*set.windows[2 * f], *set.windows[2 * f + 1]});
  for (size_t c = 0; c < 2; ++c) EXPECT_NEAR((p(0, c) + p(1, c)) / 2, expected(f, c), 1e-6);
}

// Trained on files 0-40 of `data` for 8 epochs with class 1's files weighing nothing, the network
// calls every one of files 40-60 class 0.
::testing::AssertionResult learns_class_0_alone(const Synthetic& data, TrainerOptions o) {
  const ExampleSet val = data.set(40, 60);
  ExampleSet train = data.set(0, 40);
  const auto norm = normalization_of(train, data.spec);
  train.file_weights.resize(train.n_files());
  for (size_t f = 0; f < train.n_files(); ++f) train.file_weights[f] = train.file_targets[f] == 0 ? 1.0f : 0.0f;
  o.epochs = 8;
  o.patience = 0;
  const auto zero = train_network(train, nullptr, 2, data.spec, norm, o);
  const auto predicted = argmax_rows(zero.network->file_probabilities(val));
  const long zeros = std::count(predicted.begin(), predicted.end(), 0);
  if (zeros == static_cast<long>(predicted.size())) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << zeros << " of " << predicted.size() << " files called class 0";
}

TEST(Trainer, LearnsASeparableProblem) {
  const Synthetic data("issa193", 120, 1);
  const ExampleSet train = data.set(0, 80), val = data.set(80, 100), test = data.set(100, 120);
  const auto norm = normalization_of(train, data.spec);
  const TrainingOutcome out = train_network(train, &val, 2, data.spec, norm, small_issa(15));
  EXPECT_GE(accuracy_of(*out.network, test), 0.9);
  ASSERT_FALSE(out.curve.empty());
  EXPECT_LT(out.curve.back().train_loss, out.curve.front().train_loss);
}

TEST(Trainer, TheSameSeedRepeatsTheRunAndAnotherDoesNot) {
  const Synthetic data("issa193", 60, 2);
  const ExampleSet train = data.set(0, 40), val = data.set(40, 60);
  const auto norm = normalization_of(train, data.spec);
  const auto a = train_network(train, &val, 2, data.spec, norm, small_issa(4));
  const auto b = train_network(train, &val, 2, data.spec, norm, small_issa(4));
  TrainerOptions other = small_issa(4);
  other.seed = 8;
  const auto c = train_network(train, &val, 2, data.spec, norm, other);
  ASSERT_EQ(a.curve.size(), b.curve.size());
  for (size_t e = 0; e < a.curve.size(); ++e) {
    EXPECT_EQ(a.curve[e].train_loss, b.curve[e].train_loss);
    EXPECT_EQ(a.curve[e].val_loss, b.curve[e].val_loss);
  }
  EXPECT_EQ(a.network->file_probabilities(val).storage(), b.network->file_probabilities(val).storage());
  EXPECT_NE(a.curve[0].train_loss, c.curve[0].train_loss);
}

TEST(Trainer, WindowWeightsWeighTheLoss) {
  const Synthetic data("issa193", 60, 4);
  const ExampleSet val = data.set(40, 60);
  ExampleSet train = data.set(0, 40);
  const auto norm = normalization_of(train, data.spec);
  TrainerOptions o = small_issa(3);
  o.class_weights = false;
  const auto plain = train_network(train, &val, 2, data.spec, norm, o);
  train.file_weights.assign(train.n_files(), 1.0f);  // all 1: the plain mean
  const auto ones = train_network(train, &val, 2, data.spec, norm, o);
  for (size_t e = 0; e < plain.curve.size(); ++e) EXPECT_NEAR(ones.curve[e].train_loss, plain.curve[e].train_loss, 1e-5);
  EXPECT_TRUE(learns_class_0_alone(data, o));
}

TEST(Trainer, EarlyStoppingKeepsTheBestValidationEpoch) {
  const Synthetic data("issa193", 60, 3);
  const ExampleSet train = data.set(0, 40), val = data.set(40, 60);
  const auto norm = normalization_of(train, data.spec);
  TrainerOptions o = small_issa(40);
  o.patience = 3;
  const TrainingOutcome out = train_network(train, &val, 2, data.spec, norm, o);
  ASSERT_GE(out.best_epoch, 1);
  const auto& best = out.curve[static_cast<size_t>(out.best_epoch - 1)];
  for (const auto& r : out.curve) {
    EXPECT_TRUE(r.val_ua < best.val_ua || (r.val_ua == best.val_ua && r.val_loss >= best.val_loss)) << r.epoch;
  }
  if (out.curve.size() < 40) {
    EXPECT_EQ(static_cast<int>(out.curve.size()) - out.best_epoch, 3);
  }
  // The returned weights are those of the best epoch: they score the validation part as it did
  // (before calibration, as during training).
  const Matrix raw = val.mean_by_file(tempered(out.network->window_log_probabilities(val), 1.0));
  const double ua = evaluate(val.file_targets, argmax_rows(raw), 2).ua;
  EXPECT_DOUBLE_EQ(ua, best.val_ua);
}

TEST(Trainer, CalibrationIsFittedOnTheValidationPartAndTravelsInTheBundle) {
  TempTree tree;
  const Synthetic data("issa193", 60, 8);
  const ExampleSet train = data.set(0, 40), val = data.set(40, 60);
  const TrainingOutcome out =
      train_network(train, &val, 2, data.spec, normalization_of(train, data.spec), small_issa(8));
  EXPECT_EQ(out.calibration.items, val.n_windows());
  EXPECT_NE(out.calibration.temperature, 1.0);
  EXPECT_LE(out.calibration.nll_after, out.calibration.nll_before);
  EXPECT_EQ(out.network->temperature(), out.calibration.temperature);
  // It is the temperature that minimises the validation windows' NLL.
  const Matrix lp = out.network->window_log_probabilities(val);
  EXPECT_NEAR(mean_nll(lp, val.window_targets(), out.calibration.temperature), out.calibration.nll_after, 1e-9);
  EXPECT_EQ(fit_temperature(lp, val.window_targets()).temperature, out.calibration.temperature);
  // Files are scored with calibrated probabilities, and the bundle gives the same.
  const Matrix expected = out.network->file_probabilities(val);
  EXPECT_EQ(expected.storage(), val.mean_by_file(tempered(lp, out.calibration.temperature)).storage());
  const nn::Classifier classifier = reloaded(*out.network, tree, "calibrated");
  EXPECT_EQ(classifier.info().temperature, out.calibration.temperature);
  expect_file_scored_as(classifier, val, 0, expected);
}

TEST(Trainer, WithoutValidationEveryEpochRunsAndTheLastIsKept) {
  const Synthetic data("issa193", 30, 4);
  const ExampleSet train = data.set(0, 30);
  const TrainingOutcome out =
      train_network(train, nullptr, 2, data.spec, normalization_of(train, data.spec), small_issa(3));
  ASSERT_EQ(out.curve.size(), 3u);
  EXPECT_EQ(out.best_epoch, 3);
  EXPECT_EQ(out.network->temperature(), 1.0);  // nothing to calibrate on
  EXPECT_EQ(out.calibration.items, 0u);
  EXPECT_TRUE(std::isnan(out.curve[0].val_ua));
  EXPECT_TRUE(std::isnan(out.curve[0].val_loss));
}

TEST(Trainer, TheExportedBundleScoresFilesAsTrainingDid) {
  TempTree tree;
  const Synthetic data("issa193", 40, 5);
  const ExampleSet train = data.set(0, 30), test = data.set(30, 40);
  const auto out = train_network(train, nullptr, 2, data.spec, normalization_of(train, data.spec), small_issa(2));
  const nn::Classifier classifier = reloaded(*out.network, tree, "m");
  EXPECT_EQ(classifier.info().normalization.mean, out.network->normalization().mean);
  const Matrix expected = out.network->file_probabilities(test);
  for (size_t f = 0; f < test.n_files(); ++f) {
    expect_file_scored_as(classifier, test, f, expected);
  }
}

TEST(Trainer, SequenceModelsTrainWithSpecAugmentAndVectorModelsRefuseIt) {
  const Synthetic seq("mfcc40", 24, 6, 12);
  const ExampleSet train = seq.set(0, 16), val = seq.set(16, 24);
  TrainerOptions o;
  o.model = "mfcc_cnn";
  o.hyper_parameters = {{"channels", {8}}, {"kernel_size", 3}};
  o.epochs = 2;
  o.batch_size = 8;
  o.threads = 1;
  o.spec_augment.time_masks = 1;
  o.spec_augment.time_mask_frames = 3;
  o.spec_augment.freq_masks = 1;
  const auto out = train_network(train, &val, 2, seq.spec, normalization_of(train, seq.spec), o);
  EXPECT_EQ(out.curve.size(), 2u);
  EXPECT_TRUE(std::isfinite(out.curve[1].train_loss));

  const Synthetic vec("issa193", 10, 7);
  TrainerOptions v = small_issa(1);
  v.spec_augment.time_masks = 1;
  const ExampleSet vt = vec.set(0, 10);
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] {
                         train_network(vt, nullptr, 2, vec.spec, normalization_of(vt, vec.spec), v);
                       }),
                       "sequence features"));
}

TrainerOptions small_ensemble(const nlohmann::json& members, int repeats, int epochs) {
  TrainerOptions o = small_issa(epochs);
  o.model = "mlp_ensemble";
  o.hyper_parameters = {{"members", members}, {"repeats", repeats}};
  return o;
}

TEST(Trainer, AnEnsembleOfOneNetworkIsThatMlpTrainedAlone) {
  const Synthetic data("issa193", 60, 9);
  const ExampleSet train = data.set(0, 40), val = data.set(40, 60);
  const auto norm = normalization_of(train, data.spec);
  const nlohmann::json lr = {{"hidden", nlohmann::json::array()}, {"input_dropout", 0.0}};
  const auto ensemble = train_network(train, &val, 2, data.spec, norm, small_ensemble(nlohmann::json::array({lr}), 1, 5));
  TrainerOptions alone = small_issa(5);
  alone.model = "mlp";
  alone.hyper_parameters = lr;
  alone.seed = hash_combine(small_issa(5).seed, 0);  // the first network's seed (trainer.h)
  const auto mlp = train_network(train, &val, 2, data.spec, norm, alone);
  EXPECT_EQ(ensemble.network->architecture(), "mlp_ensemble");
  EXPECT_EQ(ensemble.best_epoch, mlp.best_epoch);
  EXPECT_NEAR(ensemble.calibration.temperature, mlp.calibration.temperature, 1e-6);
  const Matrix a = ensemble.network->file_probabilities(val), b = mlp.network->file_probabilities(val);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a.data()[i], b.data()[i], 1e-6);
}

TEST(Trainer, AnEnsembleTrainsEachNetworkWithItsOwnSeedAndTravelsInOneBundle) {
  TempTree tree;
  const Synthetic data("issa193", 60, 10);
  const ExampleSet train = data.set(0, 40), val = data.set(40, 60);
  const auto norm = normalization_of(train, data.spec);
  const nlohmann::json lr = {{"hidden", nlohmann::json::array()}}, mlp = {{"hidden", {8}}};
  std::vector<std::pair<int, int>> reported;
  const auto out = train_network(train, &val, 2, data.spec, norm, small_ensemble(nlohmann::json::array({lr, mlp}), 2, 4),
                                 [&](const EpochRecord& r, int epochs) { reported.emplace_back(r.epoch, epochs); });
  ASSERT_EQ(out.curve.size(), 4u);
  // Progress counts the epochs of the four networks one after the other.
  ASSERT_EQ(reported.size(), 16u);
  for (size_t k = 0; k < reported.size(); ++k) EXPECT_EQ(reported[k], std::make_pair(int(k) + 1, 16));
  EXPECT_GE(accuracy_of(*out.network, val), 0.9);
  const nn::Classifier classifier = reloaded(*out.network, tree, "ensemble");
  EXPECT_EQ(classifier.info().architecture, "mlp_ensemble");
  EXPECT_EQ(classifier.info().hyper_parameters.at("repeats"), 2);
  const Matrix expected = out.network->file_probabilities(val);
  expect_file_scored_as(classifier, val, 0, expected);
  // A second repeat starts from another seed: were it the first network again, two repeats
  // would score as one.
  const auto one = train_network(train, &val, 2, data.spec, norm, small_ensemble(nlohmann::json::array({lr}), 1, 4));
  const auto two = train_network(train, &val, 2, data.spec, norm, small_ensemble(nlohmann::json::array({lr}), 2, 4));
  EXPECT_NE(one.network->file_probabilities(val).storage(), two.network->file_probabilities(val).storage());
}

TEST(Trainer, AnEnsembleWhoseNetworksStopEarlyKeepsACurveAsLongAsTheLongest) {
  const Synthetic data("issa193", 60, 11);
  const ExampleSet train = data.set(0, 40), val = data.set(40, 60);
  TrainerOptions o = small_ensemble(nlohmann::json::array({{{"hidden", {8}}}}), 3, 40);
  o.patience = 2;
  int last_reported = 0;
  const auto out = train_network(train, &val, 2, data.spec, normalization_of(train, data.spec), o,
                                 [&](const EpochRecord& r, int) {
                                   EXPECT_GT(r.epoch, last_reported);
                                   last_reported = r.epoch;
                                 });
  ASSERT_FALSE(out.curve.empty());
  EXPECT_LT(out.curve.size(), 40u);  // the patience ended every network early
  EXPECT_GE(out.best_epoch, 1);
  EXPECT_LE(out.best_epoch, static_cast<int>(out.curve.size()));
  for (const auto& r : out.curve) EXPECT_TRUE(std::isfinite(r.train_loss) && std::isfinite(r.val_ua));
}

TEST(Trainer, MixupLearnsRepeatsFromItsSeedAndIsWrittenOnlyWhenOn) {
  const Synthetic data("issa193", 120, 12);
  const ExampleSet train = data.set(0, 80), val = data.set(80, 100), test = data.set(100, 120);
  const auto norm = normalization_of(train, data.spec);
  TrainerOptions o = small_issa(15);
  const auto plain = train_network(train, &val, 2, data.spec, norm, o);
  o.mixup = 0.4;
  const auto a = train_network(train, &val, 2, data.spec, norm, o);
  const auto b = train_network(train, &val, 2, data.spec, norm, o);
  EXPECT_GE(accuracy_of(*a.network, test), 0.9);
  ASSERT_EQ(a.curve.size(), b.curve.size());
  for (size_t e = 0; e < a.curve.size(); ++e) EXPECT_EQ(a.curve[e].train_loss, b.curve[e].train_loss);
  // Mixed targets are never all one class: the training loss stays above the plain run's.
  EXPECT_GT(a.curve.back().train_loss, plain.curve.back().train_loss);
  EXPECT_EQ(o.to_json().at("mixup"), 0.4);
  EXPECT_FALSE(small_issa(1).to_json().contains("mixup"));
}

TEST(Trainer, MixupWeighsEachWindowOfAPairByItsOwnWeight) {
  TrainerOptions o = small_issa(8);
  o.mixup = 0.2;
  EXPECT_TRUE(learns_class_0_alone(Synthetic("issa193", 60, 13), o));
}

TEST(Trainer, BadOptionsAreErrorsNamingThem) {
  const Synthetic data("issa193", 10, 8);
  const ExampleSet train = data.set(0, 10);
  const auto norm = normalization_of(train, data.spec);
  TrainerOptions o = small_issa(0);
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { train_network(train, nullptr, 2, data.spec, norm, o); }), "epochs"));
  o = small_issa(1);
  o.hyper_parameters["widht"] = 3;
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { train_network(train, nullptr, 2, data.spec, norm, o); }), "widht"));
  for (double alpha : {-0.1, 4.5, std::nan("")}) {
    o = small_issa(1);
    o.mixup = alpha;
    EXPECT_TRUE(mentions(error_of<ParameterError>([&] { train_network(train, nullptr, 2, data.spec, norm, o); }), "mixup"));
  }
  o = small_issa(1);
  o.model = "resnet";
  EXPECT_TRUE(mentions(error_of<ParameterError>([&] { train_network(train, nullptr, 2, data.spec, norm, o); }), "resnet"));
}

}  // namespace
}  // namespace ser::train
