#include "nn/classifier.h"

#include <gtest/gtest.h>
#include <torch/nn/module.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "common/error.h"
#include "nn/device.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn_test_util.h"
#include "ser_config.h"

namespace ser::nn {
namespace {

const std::string& sequence_bundle() {
  static const std::string path = test::write_bundle("classifier-seq.sermodel", test::make_info("mfcc_cnn", "mfcc40", 5, {{"channels", {16, 16}}}), 3);
  return path;
}

const std::string& vector_bundle() {
  static const std::string path = test::write_bundle("classifier-vec.sermodel", test::make_info("issa1d", "issa193", 4, {{"first_channels", 16}, {"channels", 8}}), 4);
  return path;
}

double max_abs_diff(const Matrix& a, const Matrix& b) {
  EXPECT_EQ(a.rows(), b.rows());
  EXPECT_EQ(a.cols(), b.cols());
  double worst = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, double(std::abs(a.data()[i] - b.data()[i])));
  return worst;
}

TEST(Classifier, ProbabilitiesSumToOneInLabelOrder) {
  const Classifier c(sequence_bundle(), test::on_cpu());
  EXPECT_EQ(c.device(), "cpu");
  EXPECT_EQ(c.num_classes(), 5u);
  EXPECT_EQ(c.labels(), (std::vector<std::string>{"l0", "l1", "l2", "l3", "l4"}));
  EXPECT_EQ(c.feature_rows(), 40u);
  const Matrix p = c.classify({test::random_features(40, 94, 1), test::random_features(40, 94, 2)});
  ASSERT_EQ(p.rows(), 2u);
  ASSERT_EQ(p.cols(), 5u);
  for (size_t r = 0; r < 2; ++r) {
    float sum = 0;
    for (size_t k = 0; k < 5; ++k) {
      EXPECT_GE(p(r, k), 0.0f);
      sum += p(r, k);
    }
    EXPECT_NEAR(sum, 1.0f, 1e-6);
  }
}

TEST(Classifier, AppliesTheCalibrationTemperature) {
  ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 5, {{"channels", {16, 16}}});
  const std::string plain = test::write_bundle("classifier-t1.sermodel", info, 3);
  info.temperature = 2.5;
  const std::string tempered = test::write_bundle("classifier-t25.sermodel", info, 3);  // same weights
  const Matrix x = test::random_features(40, 94, 7);
  const Matrix p = Classifier(plain, test::on_cpu()).classify(x);
  const Matrix q = Classifier(tempered, test::on_cpu()).classify(x);
  // softmax(z / T) from softmax(z): log p / T, normalised.
  std::vector<double> expected(5);
  double sum = 0;
  for (size_t k = 0; k < 5; ++k) sum += expected[k] = std::exp(std::log(double(p(0, k))) / 2.5);
  for (size_t k = 0; k < 5; ++k) EXPECT_NEAR(q(0, k), expected[k] / sum, 1e-5) << k;
  // Softer, same top label.
  EXPECT_LT(*std::max_element(q.row(0), q.row(0) + 5), *std::max_element(p.row(0), p.row(0) + 5));
  EXPECT_EQ(std::max_element(q.row(0), q.row(0) + 5) - q.row(0), std::max_element(p.row(0), p.row(0) + 5) - p.row(0));
}

TEST(Classifier, OutputColumnsFollowTheLabels) {
  // A network whose head ignores its input and prefers its third class.
  const ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 4, {{"channels", {8}}});
  auto net = test::make_net(info);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : net->named_parameters()) {
      if (p.key() == "head.weight") p.value().zero_();
      if (p.key() == "head.bias") p.value().copy_(torch::tensor({0.0f, 1.0f, 3.0f, 2.0f}));
    }
  }
  const std::string path = test::temp_path("third.sermodel");
  save_bundle(path, info, *net);
  const Classifier c(path, test::on_cpu());
  const Matrix p = c.classify(test::random_features(40, 20, 9));
  const auto softmax = torch::softmax(torch::tensor({0.0f, 1.0f, 3.0f, 2.0f}), 0);
  for (size_t k = 0; k < 4; ++k) EXPECT_NEAR(p(0, k), softmax[k].item<float>(), 1e-6);
  const TopLabel top = c.top(p);
  EXPECT_EQ(top.index, 2u);
  EXPECT_EQ(top.label, "l2");
  EXPECT_FLOAT_EQ(top.confidence, p(0, 2));
  EXPECT_THROW(c.top(p, 1), ParameterError);
  EXPECT_THROW(c.top(Matrix(1, 3)), ParameterError);
}

TEST(Classifier, NormalisesWithTheBundleStatisticsBeforeTheNetwork) {
  for (const std::string& path : {sequence_bundle(), vector_bundle()}) {
    SCOPED_TRACE(path);
    const Classifier c(path, test::on_cpu());
    const NativeModel native = load_native_model(test::read_bytes(path));
    const auto& info = native.info;
    const bool vector = info.features.shape == features::InputShape::Vector;
    const size_t rows = c.feature_rows();
    const size_t cols = vector ? info.input_dim() : 37;
    const Matrix x = test::random_features(rows, cols, 11);
    torch::Tensor t = torch::from_blob(const_cast<float*>(x.data()), {1, static_cast<int64_t>(rows), static_cast<int64_t>(cols)}).clone();
    const auto mean = torch::tensor(info.normalization.mean);
    const auto stdev = torch::tensor(info.normalization.std);
    t = vector ? ((t - mean) / stdev).reshape({1, -1}) : (t - mean.view({1, -1, 1})) / stdev.view({1, -1, 1});
    torch::NoGradGuard no_grad;
    const auto expected = torch::softmax(native.net->forward(t), 1);
    const Matrix p = c.classify(x);
    for (size_t k = 0; k < c.num_classes(); ++k) EXPECT_NEAR(p(0, k), expected[0][k].item<float>(), 1e-6);
  }
}

TEST(Classifier, ABatchEqualsItsWindowsOneByOne) {
  for (const std::string& path : {sequence_bundle(), vector_bundle()}) {
    SCOPED_TRACE(path);
    const Classifier c(path, test::on_cpu());
    const bool vector = c.feature_rows() == 1;
    const size_t cols = vector ? c.info().input_dim() : 94;
    std::vector<Matrix> windows;
    std::vector<float> flat;
    for (int i = 0; i < 6; ++i) {
      windows.push_back(test::random_features(c.feature_rows(), cols, 100 + i));
      flat.insert(flat.end(), windows.back().storage().begin(), windows.back().storage().end());
    }
    const Matrix batch = c.classify(windows);
    for (size_t i = 0; i < windows.size(); ++i) {
      const Matrix single = c.classify(windows[i]);
      for (size_t k = 0; k < c.num_classes(); ++k) EXPECT_NEAR(batch(i, k), single(0, k), 1e-6);
    }
    const Matrix from_flat = c.classify(FloatSpan(flat), windows.size(), vector ? 1 : cols);
    EXPECT_EQ(from_flat.storage(), batch.storage());
  }
}

TEST(Classifier, WindowsOfDifferentLengthsKeepTheirOrder) {
  const Classifier c(sequence_bundle(), test::on_cpu());
  const std::vector<Matrix> windows{test::random_features(40, 94, 1), test::random_features(40, 3, 2),
                                    test::random_features(40, 94, 3), test::random_features(40, 50, 4)};
  const Matrix batch = c.classify(windows);
  for (size_t i = 0; i < windows.size(); ++i) {
    const Matrix single = c.classify(windows[i]);
    for (size_t k = 0; k < c.num_classes(); ++k) EXPECT_NEAR(batch(i, k), single(0, k), 1e-6) << i;
  }
  EXPECT_EQ(c.classify(std::vector<Matrix>{}).rows(), 0u);
}

TEST(Classifier, WrongFeaturesAreParameterErrors) {
  const Classifier seq(sequence_bundle(), test::on_cpu());
  EXPECT_THROW(seq.classify(Matrix(39, 94)), ParameterError);
  EXPECT_THROW(seq.classify(Matrix(40, 0)), ParameterError);
  std::vector<float> flat(40 * 10 * 2);
  EXPECT_THROW(seq.classify(FloatSpan(flat), 3, 10), ParameterError);
  EXPECT_THROW(seq.classify(FloatSpan(flat), 2, 0), ParameterError);
  Matrix nan = test::random_features(40, 10, 1);
  nan(3, 4) = std::nanf("");
  try {
    seq.classify(nan);
    ADD_FAILURE();
  } catch (const ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("(3, 4)"), std::string::npos) << e.what();
  }
  const Classifier vec(vector_bundle(), test::on_cpu());
  EXPECT_THROW(vec.classify(Matrix(193, 1)), ParameterError);
  EXPECT_THROW(vec.classify(Matrix(1, 192)), ParameterError);
  EXPECT_NO_THROW(vec.classify(Matrix(1, 193)));
  std::vector<float> v(193 * 2);
  EXPECT_THROW(vec.classify(FloatSpan(v), 1, 2), ParameterError);
}

TEST(Classifier, CpuWorksAndUnavailableCudaIsAnError) {
  EXPECT_EQ(Classifier(sequence_bundle(), test::on_cpu()).device(), "cpu");
  ClassifierOptions o;
  EXPECT_EQ(Classifier(sequence_bundle(), o).device(), SER_TORCH_HAS_CUDA ? resolve_device("auto") : "cpu");
  if (SER_TORCH_HAS_CUDA) GTEST_SKIP() << "this libtorch has CUDA: the CPU-only errors do not apply";
  for (const char* device : {"cuda", "cuda:0", "cuda:7"}) {
    SCOPED_TRACE(device);
    o.device = device;
    try {
      Classifier c(sequence_bundle(), o);
      ADD_FAILURE() << "loaded on " << device;
    } catch (const ModelError& e) {
      EXPECT_NE(std::string(e.what()).find("without CUDA"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("-Dtorch_dir"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(device), std::string::npos) << e.what();
    }
  }
}

TEST(Classifier, UnknownDeviceStringsAreParameterErrors) {
  for (const char* device : {"gpu", "CUDA", "cuda:", "cuda:x", "cuda:-1", "cuda:99999", "", "cpu:0", "mps"}) {
    SCOPED_TRACE(device);
    ClassifierOptions o;
    o.device = device;
    try {
      Classifier c(sequence_bundle(), o);
      ADD_FAILURE();
    } catch (const ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find("auto, cpu, cuda, cuda:N"), std::string::npos) << e.what();
    }
  }
}

TEST(Device, TheRuleInEverySituation) {
  EXPECT_EQ(resolve_device("auto", false, 0), "cpu");
  EXPECT_EQ(resolve_device("auto", true, 0), "cpu");
  EXPECT_EQ(resolve_device("auto", true, 2), "cuda:0");
  EXPECT_EQ(resolve_device("cpu", true, 2), "cpu");
  EXPECT_EQ(resolve_device("cuda", true, 1), "cuda:0");
  EXPECT_EQ(resolve_device("cuda:1", true, 2), "cuda:1");
  auto message = [](const char* request, bool has_cuda, int gpus) {
    try {
      resolve_device(request, has_cuda, gpus);
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("cuda", false, 0).find("without CUDA"), std::string::npos);
  EXPECT_NE(message("cuda", true, 0).find("sees no GPU"), std::string::npos);
  EXPECT_NE(message("cuda:2", true, 2).find("out of range, 2 GPUs present (cuda:0 to cuda:1)"), std::string::npos);
  EXPECT_NE(message("cuda:1", true, 1).find("1 GPU present"), std::string::npos);
}

TEST(Classifier, LoadErrorsNameTheFile) {
  const std::string missing = test::temp_path("missing.sermodel");
  try {
    Classifier c(missing, test::on_cpu());
    ADD_FAILURE();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  ClassifierOptions o = test::on_cpu();
  o.num_threads = -1;
  EXPECT_THROW(Classifier(sequence_bundle(), o), ParameterError);
}

TEST(Classifier, SharedByManyThreadsGivesTheSameAnswers) {
  const Classifier c(sequence_bundle(), test::on_cpu());
  std::vector<Matrix> windows;
  for (int i = 0; i < 8; ++i) windows.push_back(test::random_features(40, 60 + i, 200 + i));
  std::vector<Matrix> expected;
  for (const auto& w : windows) expected.push_back(c.classify(w));
  const Matrix expected_batch = c.classify(windows);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 25; ++round) {
        const size_t i = static_cast<size_t>(t + round) % windows.size();
        if (max_abs_diff(c.classify(windows[i]), expected[i]) > 1e-6) ++mismatches;
        if (round % 5 == 0 && max_abs_diff(c.classify(windows), expected_batch) > 1e-6) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Classifier, ThreadCountIsSetProcessWide) {
  const int before = Classifier::num_threads();
  EXPECT_GE(before, 1);
  ClassifierOptions o = test::on_cpu();
  o.num_threads = 2;
  const Classifier c(sequence_bundle(), o);
  EXPECT_EQ(Classifier::num_threads(), 2);
  int seen_in_thread = 0;
  std::thread([&] { seen_in_thread = Classifier::num_threads(); }).join();
  EXPECT_EQ(seen_in_thread, 2);  // applied on other threads too
  EXPECT_THROW(Classifier::set_num_threads(0), ParameterError);
  Classifier::set_num_threads(before);
  EXPECT_EQ(Classifier::num_threads(), before);
}

}  // namespace
}  // namespace ser::nn
