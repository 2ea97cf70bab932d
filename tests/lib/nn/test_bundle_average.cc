#include "nn/bundle_average.h"

#include <gtest/gtest.h>
#include <torch/nn/module.h>

#include <cmath>
#include <functional>

#include "common/error.h"
#include "features/feature_stats.h"
#include "nn/classifier.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

constexpr std::size_t kDim = 88;  // egemaps

// A trained run as ser-train writes it: an mlp_ensemble on egemaps with its own normalisation,
// temperature and (with `adapt`) adaptation prior, all depending on `k`.
ModelInfo run_info(int k, bool adapt, float prior_shift = 0.3f) {
  ModelInfo info = test::make_info("mlp_ensemble", "egemaps", 4,
                                   {{"members", {{{"hidden", nlohmann::json::array()}}, {{"hidden", {8}}}}},
                                    {"repeats", 1}});
  info.name = "run";
  for (std::size_t i = 0; i < kDim; ++i) {
    info.normalization.mean[i] += 0.1f * static_cast<float>(k);
    info.normalization.std[i] *= 1.0f + 0.2f * static_cast<float>(k);
  }
  info.temperature = 0.7 + 0.4 * k;
  if (adapt) {
    info.adaptation.prior_mean.assign(kDim, 0.0f);
    info.adaptation.prior_std.assign(kDim, 1.0f);
    for (std::size_t i = 0; i < kDim; ++i) {
      info.adaptation.prior_mean[i] = 2.0f + prior_shift * static_cast<float>(k) + 0.01f * static_cast<float>(i);
      info.adaptation.prior_std[i] = 1.5f + prior_shift * static_cast<float>(k) + 0.02f * static_cast<float>(i % 7);
    }
  }
  return info;
}

std::vector<std::string> write_runs(const std::string& stem, bool adapt, int n = 3) {
  std::vector<std::string> paths;
  for (int k = 0; k < n; ++k) {
    paths.push_back(test::write_bundle(stem + std::to_string(k) + ".sermodel", run_info(k, adapt), 10 + k));
  }
  return paths;
}

// Windows of raw features around the priors' scale.
std::vector<Matrix> windows(int n) {
  std::vector<Matrix> out;
  for (int w = 0; w < n; ++w) {
    Matrix m(1, kDim);
    for (std::size_t i = 0; i < kDim; ++i) m(0, i) = 2.0f + 1.5f * std::sin(0.37f * static_cast<float>(i + 11 * w));
    out.push_back(m);
  }
  return out;
}

// The mean of each run's probabilities, each classifying alone.
Matrix mean_of_runs(const std::vector<std::string>& paths, const std::vector<Matrix>& x,
                    const features::FeatureStats* heard) {
  Matrix mean;
  for (const auto& p : paths) {
    const Matrix one = Classifier(p, test::on_cpu()).classify(x, heard);
    if (mean.empty()) mean = Matrix(one.rows(), one.cols());
    for (std::size_t i = 0; i < one.size(); ++i) mean.data()[i] += one.data()[i] / static_cast<float>(paths.size());
  }
  return mean;
}

double largest_difference(const Matrix& a, const Matrix& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(double(a.data()[i]) - b.data()[i]));
  return d;
}

void expect_error(const std::function<void()>& f, const std::vector<std::string>& fragments) {
  test::expect_throws_saying<Error>(f, fragments);
}

TEST(BundleAverage, GivesTheMeanOfTheRunsProbabilitiesWithoutAdaptation) {
  const auto runs = write_runs("avg-plain-", false);
  const std::string out = test::temp_path("avg-plain.sermodel");
  average_bundles(runs, out, {"averaged", ""});
  const Classifier averaged(out, test::on_cpu());
  EXPECT_EQ(averaged.info().architecture, "run_average");
  EXPECT_EQ(averaged.info().name, "averaged");
  EXPECT_EQ(averaged.info().temperature, 1.0);
  EXPECT_FALSE(averaged.info().adaptation.enabled());
  const auto x = windows(4);
  const Matrix got = averaged.classify(x);
  EXPECT_LT(largest_difference(got, mean_of_runs(runs, x, nullptr)), 2e-6);
  // Not just the first run.
  EXPECT_GT(largest_difference(got, Classifier(runs[0], test::on_cpu()).classify(x)), 1e-3);
}

TEST(BundleAverage, WithAdaptationIsExactWhenNothingIsHeardAndCloseAfter) {
  const auto runs = write_runs("avg-adapt-", true);
  const std::string out = test::temp_path("avg-adapt.sermodel");
  average_bundles(runs, out);
  const Classifier averaged(out, test::on_cpu());
  const auto& prior = averaged.info().adaptation;
  ASSERT_TRUE(prior.enabled());
  // The priors pooled: the mean of the means, the square root of the mean variance.
  const double s0 = 1.5, s1 = 1.8, s2 = 2.1;
  EXPECT_NEAR(prior.prior_mean[0], 2.3, 1e-5);
  EXPECT_NEAR(prior.prior_std[0], std::sqrt((s0 * s0 + s1 * s1 + s2 * s2) / 3), 1e-5);
  const auto x = windows(4);
  EXPECT_LT(largest_difference(averaged.classify(x, nullptr), mean_of_runs(runs, x, nullptr)), 2e-6);

  // After hearing a speaker, each run is normalised in the pooled prior's frame rather than its
  // own: not exact, but the same answer within what the priors' difference moves.
  features::FeatureStats heard(kDim, features::InputShape::Vector);
  for (const auto& w : windows(40)) heard.add(w);
  const Matrix after = averaged.classify(x, &heard);
  const Matrix exact = mean_of_runs(runs, x, &heard);
  EXPECT_GT(largest_difference(after, exact), 0.0);
  EXPECT_LT(largest_difference(after, exact), 0.2);
}

// The error after hearing comes from the runs' priors differing, nothing else: runs that share
// one prior are averaged exactly whatever was heard.
TEST(BundleAverage, RunsWithOnePriorAreExactAfterHearingToo) {
  std::vector<std::string> runs;
  for (int k = 0; k < 3; ++k) {
    runs.push_back(test::write_bundle("avg-oneprior-" + std::to_string(k) + ".sermodel", run_info(k, true, 0.0f), 20 + k));
  }
  const std::string out = test::temp_path("avg-oneprior.sermodel");
  average_bundles(runs, out);
  const Classifier averaged(out, test::on_cpu());
  features::FeatureStats heard(kDim, features::InputShape::Vector);
  for (const auto& w : windows(40)) heard.add(w);
  const auto x = windows(4);
  EXPECT_LT(largest_difference(averaged.classify(x, &heard), mean_of_runs(runs, x, &heard)), 2e-6);
}

TEST(BundleAverage, KeepsWhatCallersReadAndEveryRunsEvaluation) {
  const auto runs = write_runs("avg-keep-", true, 2);
  const std::string out = test::temp_path("avg-keep.sermodel");
  average_bundles(runs, out);
  const ModelInfo first = Classifier(runs[0], test::on_cpu()).info();
  const ModelInfo info = Classifier(out, test::on_cpu()).info();
  EXPECT_EQ(info.name, "run");
  EXPECT_EQ(info.description.rfind("2 training runs averaged: ", 0), 0u) << info.description;
  EXPECT_EQ(info.features, first.features);
  EXPECT_EQ(info.labels, first.labels);
  EXPECT_EQ(info.hop_seconds, first.hop_seconds);
  EXPECT_EQ(info.corpora, first.corpora);
  EXPECT_EQ(info.evaluation["protocol"]["type"], "training runs averaged");
  EXPECT_EQ(info.evaluation["protocol"]["runs"], 2);
  ASSERT_EQ(info.evaluation["runs"].size(), 2u);
  EXPECT_EQ(info.evaluation["runs"][1]["model"], "avg-keep-1.sermodel");
  EXPECT_EQ(info.evaluation["runs"][1]["evaluation"], first.evaluation);
  EXPECT_EQ(info.hyper_parameters["runs"].size(), 2u);
}

TEST(BundleAverage, CarriesTheEvaluationGivenWithEveryRunsBesideIt) {
  const auto runs = write_runs("avg-eval-", false, 2);
  const std::string out = test::temp_path("avg-eval.sermodel");
  AverageOptions options;
  options.evaluation = {{"protocol", {{"split", "speaker"}, {"runs", 2}}}, {"scores", {{"ua", {{"mean", 0.61}}}}}};
  average_bundles(runs, out, options);
  const ModelInfo info = Classifier(out, test::on_cpu()).info();
  EXPECT_EQ(info.evaluation["scores"]["ua"]["mean"], 0.61);
  EXPECT_EQ(info.evaluation["protocol"]["split"], "speaker");
  ASSERT_EQ(info.evaluation["runs"].size(), 2u);
  EXPECT_EQ(info.evaluation["runs"][0]["evaluation"], run_info(0, false).evaluation);
  for (const nlohmann::json& bad : {nlohmann::json::array({1, 2}), nlohmann::json("text"),
                                    nlohmann::json{{"runs", nlohmann::json::array()}}}) {
    options.evaluation = bad;
    expect_error([&] { average_bundles(runs, out, options); }, {"evaluation", "JSON object"});
  }
}

TEST(BundleAverage, RefusesWhatCannotBeAveragedNamingTheFile) {
  const auto runs = write_runs("avg-err-", true, 2);
  const std::string out = test::temp_path("avg-err.sermodel");
  expect_error([&] { average_bundles({runs[0]}, out); }, {"2 to 16"});
  expect_error([&] { average_bundles({runs[0], runs[1], runs[0]}, out); }, {"avg-err-0.sermodel", "given twice"});
  expect_error([&] { average_bundles({runs[0], runs[1]}, runs[1]); }, {"also one of the runs"});
  expect_error([&] { average_bundles({runs[0], test::temp_path("avg-missing.sermodel")}, out); },
               {"avg-missing.sermodel"});

  ModelInfo labels = run_info(1, true);
  labels.labels = {"a", "b", "c", "d"};
  const auto other_labels = test::write_bundle("avg-labels.sermodel", labels);
  expect_error([&] { average_bundles({runs[0], other_labels}, out); }, {"avg-labels.sermodel", "labels", "one recipe"});

  ModelInfo hop = run_info(1, true);
  hop.hop_seconds = 0.5;
  expect_error([&] { average_bundles({runs[0], test::write_bundle("avg-hop.sermodel", hop)}, out); },
               {"avg-hop.sermodel", "hop_seconds"});
  const auto unadapted = test::write_bundle("avg-unadapted.sermodel", run_info(1, false));
  expect_error([&] { average_bundles({runs[0], unadapted}, out); }, {"avg-unadapted.sermodel", "adaptation"});

  const auto sequence = test::write_small_bundle("avg-sequence.sermodel");
  expect_error([&] { average_bundles({sequence, test::write_small_bundle("avg-sequence2.sermodel")}, out); },
               {"avg-sequence.sermodel", "mfcc_cnn", "vector networks"});

  average_bundles(runs, out);
  expect_error([&] { average_bundles({out, runs[0]}, test::temp_path("avg-nested.sermodel")); },
               {"avg-err.sermodel", "already training runs averaged"});

  // Priors whose spread is at the bottom of float: one run's normalisation moved into the pooled
  // prior's frame overflows, and the bundle is refused before it is written.
  ModelInfo tiny_a = run_info(0, true), tiny_b = run_info(1, true);
  for (auto* info : {&tiny_a, &tiny_b}) info->adaptation.prior_std.assign(kDim, 1e-38f);
  tiny_b.adaptation.prior_mean.assign(kDim, 1000.0f);
  expect_error([&] {
    average_bundles({test::write_bundle("avg-tiny-a.sermodel", tiny_a), test::write_bundle("avg-tiny-b.sermodel", tiny_b)},
                    out);
  }, {"avg-tiny-a.sermodel", "normalisation of feature 0"});
  // An evaluation nested as deep as a bundle may be, one level further down in the metadata.
  AverageOptions deep;
  deep.evaluation = nlohmann::json::object();
  for (int level = 0; level < 63; ++level) deep.evaluation = nlohmann::json{{"x", deep.evaluation}};
  expect_error([&] { average_bundles(runs, test::temp_path("avg-deep.sermodel"), deep); }, {"avg-deep.sermodel", "nested"});

  ModelInfo script_info = test::make_info("mfcc_cnn", "mfcc40", 4);
  const auto script = test::write_script_module("avg-script.pt", 40, 4, script_info.to_json().dump());
  const auto script2 = test::write_script_module("avg-script2.pt", 40, 4, script_info.to_json().dump());
  expect_error([&] { average_bundles({script, script2}, out); }, {"avg-script.pt", "not a .sermodel bundle"});
}

// A run_average's own tensors are checked as a bundle is loaded: a standard deviation at or
// below 0, or a temperature out of range, would give infinities or NaN.
TEST(BundleAverage, AHostileRunNormalisationIsRefused) {
  const ModelInfo info = test::make_info("run_average", "egemaps", 3);
  for (const auto& [tensor, value, fragment] :
       std::vector<std::tuple<std::string, float, std::string>>{{"runs.1.std", 0.0f, "<= 0"},
                                                                {"runs.0.std", -2.0f, "<= 0"},
                                                                {"runs.1.temperature", 1e-6f, "temperature"},
                                                                {"runs.0.temperature", 1e6f, "temperature"}}) {
    SCOPED_TRACE(tensor);
    auto net = test::make_net(info);
    {
      torch::NoGradGuard no_grad;
      net->named_buffers()[tensor].view(-1)[0].fill_(value);
    }
    const std::string path = test::temp_path("avg-hostile.sermodel");
    save_bundle(path, info, *net);
    expect_error([&] { Classifier(path, test::on_cpu()); }, {"avg-hostile.sermodel", tensor, fragment});
  }
}

}  // namespace
}  // namespace ser::nn
