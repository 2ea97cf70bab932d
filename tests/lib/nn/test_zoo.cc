#include "nn/zoo.h"

#include <gtest/gtest.h>
#include <torch/nn/module.h>

#include "common/error.h"
#include "nn/torch_modules.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

torch::Tensor input_for(const ZooNet& net, int64_t batch, int64_t frames) {
  const auto dim = static_cast<int64_t>(net.input_dim());
  return architecture_input(net.architecture()) == features::InputShape::Vector ? torch::randn({batch, dim})
                                                                                : torch::randn({batch, dim, frames});
}

TEST(Zoo, NamesAndInputs) {
  EXPECT_EQ(architecture_names(),
            (std::vector<std::string>{"issa1d", "mfcc_cnn", "logmel_cnn", "mfcc_crnn", "mlp", "fusion", "mlp_ensemble",
                                      "run_average"}));
  EXPECT_EQ(architecture_input("issa1d"), features::InputShape::Vector);
  EXPECT_EQ(architecture_input("mlp"), features::InputShape::Vector);
  EXPECT_EQ(architecture_input("mlp_ensemble"), features::InputShape::Vector);
  EXPECT_EQ(architecture_input("run_average"), features::InputShape::Vector);
  for (const char* name : {"mfcc_cnn", "logmel_cnn", "mfcc_crnn", "fusion"}) {
    EXPECT_EQ(architecture_input(name), features::InputShape::Sequence) << name;
  }
}

TEST(Zoo, EveryModelGivesOneRowOfLogitsPerWindowForAnyFrameCount) {
  for (const auto& name : architecture_names()) {
    const auto info = test::make_info(name, test::natural_preset(name), 8);
    auto net = test::make_net(info);
    for (int64_t frames : {1, 5, 16, 94, 250}) {
      SCOPED_TRACE(name + ", " + std::to_string(frames) + " frames");
      torch::NoGradGuard no_grad;
      const auto y = net->forward(input_for(*net, 3, frames));
      EXPECT_EQ(y.sizes(), (c10::IntArrayRef{3, 8}));
      EXPECT_TRUE(torch::isfinite(y).all().item<bool>());
    }
  }
}

TEST(Zoo, ParameterCountsOfTheDefaults) {
  // Counted by hand from zoo.h, for 8 classes on the natural features.
  // issa1d on 193: conv 1->256 k5 (+bias) 1536, BN 512, conv 256->128 163968, BN 256,
  // 4 x conv 128->128 82048, BN 256, linear 128 * (193 / 8) -> 8: 24584.
  EXPECT_EQ(parameter_count("issa1d", {}, 193, 8), 1536u + 512 + 163968 + 256 + 4 * 82048 + 256 + 24584);
  // mfcc_cnn on 40: convs without bias 40*64*5, 64*128*5, 128*128*5; BNs 2c; linear 256 -> 8.
  EXPECT_EQ(parameter_count("mfcc_cnn", {}, 40, 8), 12800u + 128 + 40960 + 256 + 81920 + 256 + 2056);
  // logmel_cnn: 3x3 convs 1->16->32->64->128 without bias, BNs, linear 256 -> 8.
  EXPECT_EQ(parameter_count("logmel_cnn", {}, 64, 8), 144u + 32 + 4608 + 64 + 18432 + 128 + 73728 + 256 + 2056);
  // The band count does not change a 2-D CNN.
  EXPECT_EQ(parameter_count("logmel_cnn", {}, 128, 8), parameter_count("logmel_cnn", {}, 64, 8));
  // mfcc_crnn: convs 40->64->128, bidirectional GRU 128 -> 2 x 3 (128*128 + 128*128 + 2*128),
  // attention 256 -> 1, linear 256 -> 8.
  EXPECT_EQ(parameter_count("mfcc_crnn", {}, 40, 8), 12800u + 128 + 40960 + 256 + 2 * 3 * (2 * 16384 + 256) + 257 + 2056);
  // An LSTM has 4 gates to the GRU's 3; mean pooling drops the attention layer.
  EXPECT_EQ(parameter_count("mfcc_crnn", {{"rnn", "lstm"}, {"pooling", "mean"}}, 40, 8),
            12800u + 128 + 40960 + 256 + 2 * 4 * (2 * 16384 + 256) + 2056);
  // mlp on 88: linear 88 -> 256 (+bias), BN, 256 -> 128, BN, 128 -> 8.
  EXPECT_EQ(parameter_count("mlp", {}, 88, 8), 88u * 256 + 256 + 512 + 256 * 128 + 128 + 256 + 128 * 8 + 8);
  // With no hidden layer: a logistic regression.
  EXPECT_EQ(parameter_count("mlp", {{"hidden", nlohmann::json::array()}}, 88, 8), 88u * 8 + 8);
  // fusion on 64 log-mel rows + 88: logmel_cnn's blocks, the vector branch 88 -> 128 (+BN), and a
  // head on 256 + 128.
  EXPECT_EQ(parameter_count("fusion", {}, 64 + 88, 8),
            144u + 32 + 4608 + 64 + 18432 + 128 + 73728 + 256 + (88 * 128 + 128 + 256) + (384 * 8 + 8));
}

TEST(Zoo, FusionReadsTheVectorFromItsTrailingRowsAtFrameZero) {
  auto net = test::make_net(test::make_info("fusion", "logmel128", 3, {{"vector_dim", 88}}));
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 128, 20});
  const auto y = net->forward(x);
  // Later frames of the vector rows are never read; the vector at frame 0 is.
  auto later = x.clone();
  later.slice(1, 40, 128).slice(2, 1, 20).fill_(7.0);
  EXPECT_TRUE(torch::allclose(net->forward(later), y));
  auto first = x.clone();
  first.slice(1, 40, 128).slice(2, 0, 1).fill_(7.0);
  EXPECT_FALSE(torch::allclose(net->forward(first), y));
  EXPECT_THROW(make_network("fusion", {{"vector_dim", 120}}, 128, 3), ParameterError);  // 8 rows < 16
  EXPECT_THROW(make_network("fusion", {{"vector_dim", 128}}, 128, 3), ParameterError);
}

TEST(Zoo, ReportedCountMatchesTheModule) {
  for (const auto& name : architecture_names()) {
    auto net = test::make_net(test::make_info(name, test::natural_preset(name), 5));
    std::size_t n = 0;
    for (const auto& p : net->parameters()) n += static_cast<std::size_t>(p.numel());
    EXPECT_EQ(net->parameter_count(), n) << name;
    EXPECT_EQ(parameter_count(name, {}, net->input_dim(), 5), n) << name;
  }
}

TEST(Zoo, ShortSequencesAreZeroPaddedToTheMinimum) {
  for (const char* name : {"mfcc_cnn", "logmel_cnn", "mfcc_crnn"}) {
    SCOPED_TRACE(name);
    auto net = test::make_net(test::make_info(name, test::natural_preset(name), 4));
    const auto min = static_cast<int64_t>(net->min_frames());
    EXPECT_EQ(net->min_frames(), architecture_min_frames(name, {}));
    EXPECT_GT(min, 1);
    torch::NoGradGuard no_grad;
    const auto x = input_for(*net, 2, 3);
    const auto padded = torch::cat({x, torch::zeros({2, x.size(1), min - 3})}, 2);
    EXPECT_TRUE(torch::allclose(net->forward(x), net->forward(padded), 1e-5, 1e-6));
  }
  EXPECT_EQ(architecture_min_frames("mfcc_cnn", {{"pool_size", 3}}), 27u);  // 3 ^ 3 blocks
  EXPECT_EQ(architecture_min_frames("issa1d", {}), 1u);
}

TEST(Zoo, BatchRowsAreIndependentInEvalMode) {
  for (const auto& name : architecture_names()) {
    SCOPED_TRACE(name);
    auto net = test::make_net(test::make_info(name, test::natural_preset(name), 6));
    torch::NoGradGuard no_grad;
    const auto x = input_for(*net, 4, 40);
    const auto batch = net->forward(x);
    for (int64_t i = 0; i < 4; ++i) {
      EXPECT_TRUE(torch::allclose(batch[i], net->forward(x.slice(0, i, i + 1))[0], 1e-5, 1e-6));
    }
  }
}

TEST(Zoo, HyperParametersMergeOverTheDefaults) {
  const auto defaults = default_hyper_parameters("logmel_cnn");
  EXPECT_EQ(defaults, nlohmann::json(LogmelCnnParams{}));
  EXPECT_EQ(resolve_hyper_parameters("logmel_cnn", nlohmann::json::object()), defaults);
  EXPECT_EQ(resolve_hyper_parameters("logmel_cnn", nullptr), defaults);
  const auto hp = resolve_hyper_parameters("logmel_cnn", {{"channels", {8, 16}}, {"dropout", 0}});
  EXPECT_EQ(hp["channels"], nlohmann::json({8, 16}));
  EXPECT_EQ(hp["dropout"], 0.0);
  EXPECT_EQ(hp["kernel_size"], 3);
  auto net = make_network("logmel_cnn", {{"channels", {8, 16}}}, 64, 3);
  EXPECT_EQ(net->hyper_parameters()["channels"], nlohmann::json({8, 16}));
  EXPECT_EQ(net->min_frames(), 4u);
  EXPECT_EQ(default_hyper_parameters("issa1d")["pool_size"], 8);
  EXPECT_EQ(default_hyper_parameters("mfcc_crnn")["rnn"], "gru");
}

void expect_parameter_error(const std::function<void()>& f, const std::vector<std::string>& fragments) {
  test::expect_throws_saying<ParameterError>(f, fragments);
}

TEST(Zoo, FactoryErrorsNameTheProblemAndTheKnownChoices) {
  expect_parameter_error([] { make_network("resnet", {}, 40, 8); },
                         {"resnet", "issa1d", "mfcc_cnn", "logmel_cnn", "mfcc_crnn", "mlp", "fusion", "mlp_ensemble"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"chanels", {8}}}, 40, 8); },
                         {"chanels", "channels", "kernel_size", "pool_size", "dropout"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"kernel_size", 4}}, 40, 8); }, {"kernel_size", "odd"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"kernel_size", 2.5}}, 40, 8); }, {"kernel_size", "2.5"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"kernel_size", 1e12}}, 40, 8); }, {"kernel_size"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"kernel_size", 5000000000}}, 40, 8); }, {"kernel_size"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"channels", nlohmann::json::array()}}, 40, 8); },
                         {"channels", "1 to 8"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"channels", {8, "x"}}}, 40, 8); }, {"channels"});
  expect_parameter_error([] { make_network("mfcc_cnn", {{"dropout", 1.0}}, 40, 8); }, {"dropout", "[0, 1)"});
  expect_parameter_error([] { make_network("mfcc_cnn", nlohmann::json::array(), 40, 8); }, {"JSON object"});
  expect_parameter_error([] { make_network("mfcc_crnn", {{"rnn", "transformer"}}, 40, 8); }, {"rnn", "gru", "lstm"});
  expect_parameter_error([] { make_network("mfcc_crnn", {{"pooling", "max"}}, 40, 8); }, {"pooling", "attention"});
  expect_parameter_error([] { make_network("mfcc_crnn", {{"bidirectional", 1}}, 40, 8); }, {"bidirectional"});
  expect_parameter_error([] { make_network("issa1d", {}, 5, 8); }, {"issa1d", "pool_size", "5"});
  expect_parameter_error([] { make_network("logmel_cnn", {}, 8, 8); }, {"logmel_cnn", "mel bands", "8"});
  expect_parameter_error([] { make_network("mfcc_cnn", {}, 40, 0); }, {"classes"});
  expect_parameter_error([] { make_network("mfcc_cnn", {}, 0, 8); }, {"input"});
}

// input_clip bounds what one input can do to a linear network: c tanh(x / c) before the head.
TEST(Zoo, MlpInputClipSoftClipsItsInputs) {
  torch::manual_seed(5);
  const nlohmann::json lr = {{"hidden", nlohmann::json::array()}, {"input_dropout", 0.0}};
  auto plain = make_network("mlp", lr, 3, 2);
  nlohmann::json clipped_hp = lr;
  clipped_hp["input_clip"] = 2.0;
  auto clipped = make_network("mlp", clipped_hp, 3, 2);
  clipped->eval();
  plain->eval();
  torch::NoGradGuard no_grad;
  // The same weights in both.
  auto src = plain->named_parameters(), dst = clipped->named_parameters();
  for (const auto& p : src) dst[p.key()].copy_(p.value());
  const auto x = torch::tensor({{0.01f, -0.02f, 0.03f}, {1000.0f, -1000.0f, 0.5f}});
  const auto expected = plain->forward(torch::tanh(x / 2.0) * 2.0);
  EXPECT_TRUE(torch::allclose(clipped->forward(x), expected, 1e-5, 1e-6));
  // Near 0 the inputs pass unchanged.
  EXPECT_TRUE(torch::allclose(clipped->forward(x.slice(0, 0, 1)), plain->forward(x.slice(0, 0, 1)), 1e-4, 1e-6));
  // The default is off, and hyper-parameters without it (older bundles) read as off.
  EXPECT_EQ(MlpParams{}.input_clip, 0.0);
  EXPECT_EQ(nlohmann::json({{"hidden", {8}}, {"dropout", 0.1}, {"input_dropout", 0.1}}).get<MlpParams>().input_clip, 0.0);
  expect_parameter_error([] { make_network("mlp", {{"input_clip", -1.0}}, 3, 2); }, {"input_clip", "[0, 100]"});
}

TEST(Zoo, AnEnsembleAveragesItsNetworksProbabilities) {
  const nlohmann::json lr = {{"hidden", nlohmann::json::array()}};
  const nlohmann::json hp = {{"members", {lr, {{"hidden", {16}}}}}, {"repeats", 1}};
  torch::manual_seed(3);
  std::vector<std::shared_ptr<ZooNet>> networks{make_network("mlp", lr, 20, 4),
                                                make_network("mlp", {{"hidden", {16}}}, 20, 4)};
  auto ensemble = ensemble_of(hp, networks);
  ensemble->eval();
  torch::NoGradGuard no_grad;
  const auto x = torch::randn({5, 20}) * 10;  // large logits: the mean must not underflow
  const auto mean = (torch::softmax(networks[0]->forward(x), 1) + torch::softmax(networks[1]->forward(x), 1)) / 2;
  EXPECT_TRUE(torch::allclose(torch::softmax(ensemble->forward(x), 1), mean, 1e-5, 1e-7));
  // The bundle's tensor names: each network under members.k.
  const auto names = ensemble->named_parameters();
  EXPECT_TRUE(names.contains("members.0.head.weight"));
  EXPECT_TRUE(names.contains("members.1.layers.0.weight"));
  EXPECT_EQ(ensemble->parameter_count(), networks[0]->parameter_count() + networks[1]->parameter_count());
  EXPECT_EQ(parameter_count("mlp_ensemble", hp, 20, 4), ensemble->parameter_count());
}

TEST(Zoo, AnEnsemblesNetworksAreItsMembersRepeated) {
  const auto hp = resolve_hyper_parameters("mlp_ensemble", {{"members", {{{"hidden", {8}}}, {{"dropout", 0.5}}}},
                                                            {"repeats", 2}});
  const auto p = hp.get<MlpEnsembleParams>();
  ASSERT_EQ(p.networks().size(), 4u);
  // Each member is merged over mlp's defaults.
  EXPECT_EQ(p.networks()[0].hidden, (std::vector<int>{8}));
  EXPECT_EQ(p.networks()[0].dropout, MlpParams{}.dropout);
  EXPECT_EQ(p.networks()[1].hidden, MlpParams{}.hidden);
  EXPECT_EQ(p.networks()[1].dropout, 0.5);
  EXPECT_EQ(p.networks()[2].hidden, (std::vector<int>{8}));
  EXPECT_EQ(make_network("mlp_ensemble", hp, 88, 3)->parameter_count(),
            2 * (parameter_count("mlp", {{"hidden", {8}}}, 88, 3) + parameter_count("mlp", {}, 88, 3)));
}

TEST(Zoo, EnsembleErrorsNameTheProblem) {
  expect_parameter_error([] { resolve_hyper_parameters("mlp_ensemble", {{"members", {{{"hiden", {8}}}}}}); },
                         {"mlp_ensemble: members[0]", "hiden"});
  expect_parameter_error([] { resolve_hyper_parameters("mlp_ensemble", {{"members", {1, 2}}}); }, {"members"});
  expect_parameter_error([] { resolve_hyper_parameters("mlp_ensemble", {{"members", nlohmann::json::array()}}); },
                         {"members", "1 to 16"});
  expect_parameter_error([] { resolve_hyper_parameters("mlp_ensemble", {{"repeats", 0}}); }, {"repeats"});
  expect_parameter_error(
      [] {
        resolve_hyper_parameters("mlp_ensemble", {{"members", {nlohmann::json::object(), nlohmann::json::object(),
                                                               nlohmann::json::object()}},
                                                  {"repeats", 11}});
      },
      {"32"});
  // The networks given must be the ones described, of one shape.
  const nlohmann::json hp = {{"members", {{{"hidden", nlohmann::json::array()}}}}, {"repeats", 2}};
  const auto lr = [](std::size_t dim) { return make_network("mlp", {{"hidden", nlohmann::json::array()}}, dim, 3); };
  expect_parameter_error([&] { ensemble_of(hp, {lr(10)}); }, {"2 networks described, 1 given"});
  expect_parameter_error([&] { ensemble_of(hp, {lr(10), make_network("mlp", {}, 10, 3)}); }, {"network 1"});
  expect_parameter_error([&] { ensemble_of(hp, {lr(10), lr(12)}); }, {"network 1"});
}

TEST(Zoo, ARunAverageIsTheMeanOfItsRunsCalibratedProbabilities) {
  torch::manual_seed(3);
  const std::size_t dim = 10, classes = 4;
  std::vector<RunToAverage> runs;
  for (int k = 0; k < 3; ++k) {
    RunToAverage r;
    r.net = make_network(k == 2 ? "mlp_ensemble" : "mlp", {}, dim, classes);
    r.net->eval();
    for (std::size_t i = 0; i < dim; ++i) {
      r.mean.push_back(0.1f * static_cast<float>(k + 1) * static_cast<float>(i % 3));
      r.std.push_back(0.5f + 0.25f * static_cast<float>(k) + 0.1f * static_cast<float>(i % 4));
    }
    r.temperature = 0.6 + 0.5 * k;
    runs.push_back(r);
  }
  auto average = run_average_of(runs);
  average->eval();
  EXPECT_EQ(average->architecture(), "run_average");
  EXPECT_EQ(average->hyper_parameters()["runs"][2]["architecture"], "mlp_ensemble");
  torch::NoGradGuard no_grad;
  const auto x = torch::randn({5, static_cast<int64_t>(dim)});
  torch::Tensor expected = torch::zeros({5, static_cast<int64_t>(classes)});
  for (const auto& r : runs) {
    const auto m = torch::tensor(r.mean), s = torch::tensor(r.std);
    expected += torch::softmax(r.net->forward((x - m) / s) / r.temperature, 1) / 3.0;
  }
  const auto got = torch::softmax(average->forward(x), 1);
  EXPECT_TRUE(torch::allclose(got, expected, 1e-5, 1e-6)) << got << expected;
  // Not the plain mean of the networks on the shared input: each run's normalisation counts.
  torch::Tensor plain = torch::zeros_like(expected);
  for (const auto& r : runs) plain += torch::softmax(r.net->forward(x), 1) / 3.0;
  EXPECT_FALSE(torch::allclose(got, plain, 1e-3, 1e-4));
}

TEST(Zoo, RunAverageErrorsNameTheProblem) {
  const nlohmann::json mlp = {{"architecture", "mlp"}};
  expect_parameter_error([&] { resolve_hyper_parameters("run_average", {{"runs", {mlp}}}); }, {"runs", "2 to 16"});
  expect_parameter_error(
      [&] { resolve_hyper_parameters("run_average", {{"runs", {mlp, {{"architecture", "mfcc_cnn"}}}}}); },
      {"run_average: runs[1]", "issa1d", "mlp_ensemble", "mfcc_cnn"});
  expect_parameter_error(
      [&] { resolve_hyper_parameters("run_average", {{"runs", {mlp, {{"architecture", "run_average"}}}}}); },
      {"runs[1]", "run_average"});
  expect_parameter_error(
      [&] { resolve_hyper_parameters("run_average", {{"runs", {mlp, {{"architecture", "mlp"}, {"seed", 1}}}}}); },
      {"runs[1]", "unknown key 'seed'"});
  expect_parameter_error(
      [&] {
        resolve_hyper_parameters("run_average",
                                 {{"runs", {mlp, {{"architecture", "mlp"}, {"hyper_parameters", {{"hiden", 1}}}}}}});
      },
      {"runs[1]", "hiden"});
  expect_parameter_error([&] { resolve_hyper_parameters("run_average", {{"runs", {mlp, 3}}}); }, {"runs"});
  // issa1d's pooling needs a long enough vector, in a run as alone.
  expect_parameter_error([&] { make_network("run_average", {{"runs", {mlp, {{"architecture", "issa1d"}}}}}, 4, 3); },
                         {"issa1d", "pool_size"});
  const auto net = [](std::size_t dim, std::size_t classes) {
    return RunToAverage{make_network("mlp", {}, dim, classes), std::vector<float>(dim, 0.0f),
                        std::vector<float>(dim, 1.0f), 1.0};
  };
  expect_parameter_error([&] { run_average_of({net(10, 3), net(12, 3)}); }, {"run 1", "12 features"});
  expect_parameter_error([&] { run_average_of({net(10, 3), net(10, 4)}); }, {"run 1", "4 classes"});
  expect_parameter_error([&] { run_average_of({net(10, 3)}); }, {"2 to 16"});
}

TEST(Zoo, StridedMaxPoolEqualsMaxPool2d) {
  torch::manual_seed(3);
  for (int size : {1, 2, 3, 4}) {
    for (auto shape : {std::vector<int64_t>{2, 3, 17, 94}, std::vector<int64_t>{1, 1, 8, 5}, std::vector<int64_t>{1, 2, 4, 4}}) {
      const auto x = torch::randn(shape);
      EXPECT_TRUE(torch::equal(strided_max_pool2d(x, size), torch::max_pool2d(x, size))) << size;
    }
  }
}

TEST(Zoo, Issa1dHeadBatchNormIsOptional) {
  auto plain = make_network("issa1d", {}, 193, 8);
  auto with_bn = make_network("issa1d", {{"head_batchnorm", true}}, 193, 8);
  EXPECT_EQ(with_bn->parameter_count(), plain->parameter_count() + 16);
}

}  // namespace
}  // namespace ser::nn
