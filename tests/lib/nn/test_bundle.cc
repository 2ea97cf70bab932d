#include <gtest/gtest.h>
#include <torch/nn/module.h>

#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "nn/classifier.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn/zoo.h"
#include "nn_test_util.h"
#include "ser_config.h"

namespace ser::nn {
namespace {

bool bit_identical(const torch::Tensor& a, const torch::Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() &&
         std::memcmp(a.contiguous().data_ptr(), b.contiguous().data_ptr(), a.nbytes()) == 0;
}

TEST(Bundle, SaveThenLoadRoundTripsExactly) {
  for (const auto& name : architecture_names()) {
    SCOPED_TRACE(name);
    const ModelInfo info = test::make_info(name, test::natural_preset(name), 8);
    auto net = test::make_net(info, 7);
    const std::string path = test::temp_path(name + ".sermodel");
    save_bundle(path, info, *net);

    const NativeModel loaded = load_native_model(test::read_bytes(path));
    ModelInfo expected = info;  // as saved: with the complete hyper-parameters
    expected.hyper_parameters = resolve_hyper_parameters(name, info.hyper_parameters);
    EXPECT_EQ(loaded.info, expected);
    EXPECT_EQ(loaded.info.seremotion_version, SER_VERSION);
    EXPECT_EQ(loaded.info.hyper_parameters, net->hyper_parameters());
    const auto a = net->named_parameters();
    const auto b = loaded.net->named_parameters();
    ASSERT_EQ(a.size(), b.size());
    for (const auto& p : a) EXPECT_TRUE(bit_identical(p.value(), b[p.key()])) << p.key();
    const auto ab = net->named_buffers();
    const auto bb = loaded.net->named_buffers();
    ASSERT_EQ(ab.size(), bb.size());
    for (const auto& p : ab) EXPECT_TRUE(bit_identical(p.value(), bb[p.key()])) << p.key();

    torch::NoGradGuard no_grad;
    const auto x = architecture_input(name) == features::InputShape::Vector
                       ? torch::randn({4, static_cast<int64_t>(info.input_dim())})
                       : torch::randn({4, static_cast<int64_t>(info.input_dim()), 94});
    EXPECT_TRUE(torch::equal(net->forward(x), loaded.net->forward(x)));

    // The same network and metadata give the same bytes.
    const std::string again = test::temp_path(name + "-again.sermodel");
    save_bundle(again, info, *net);
    EXPECT_EQ(test::read_bytes(path), test::read_bytes(again));
  }
}

TEST(Bundle, SavingStampsArchitectureAndVersion) {
  ModelInfo info = test::make_info("mfcc_cnn", "mfcc40", 4, {{"channels", {8, 8}}});
  auto net = test::make_net(info);
  info.architecture = "whatever";
  info.hyper_parameters = nlohmann::json::object();
  info.seremotion_version = "0.0.0";
  const std::string path = test::temp_path("stamped.sermodel");
  save_bundle(path, info, *net);
  const auto loaded = load_model(path);
  EXPECT_EQ(loaded.info.architecture, "mfcc_cnn");
  EXPECT_EQ(loaded.info.hyper_parameters, net->hyper_parameters());
  EXPECT_EQ(loaded.info.hyper_parameters["kernel_size"], 5);  // complete, not only the overrides
  EXPECT_EQ(loaded.info.seremotion_version, SER_VERSION);
}

TEST(Bundle, SavingRefusesMetadataThatDoesNotFitTheNetwork) {
  auto net = test::make_net(test::make_info("mfcc_cnn", "mfcc40", 4));
  const std::string path = test::temp_path("refused.sermodel");
  EXPECT_THROW(save_bundle(path, test::make_info("mfcc_cnn", "mfcc40", 5), *net), ModelError);    // labels
  EXPECT_THROW(save_bundle(path, test::make_info("mfcc_cnn", "logmel64", 4), *net), ModelError);  // input
  EXPECT_THROW(save_bundle(path, test::make_info("mfcc_cnn", "issa193", 4), *net), ModelError);   // shape
  auto bad = test::make_info("mfcc_cnn", "mfcc40", 4);
  bad.labels[1] = bad.labels[0];
  EXPECT_THROW(save_bundle(path, bad, *net), ModelError);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_THROW(save_bundle(test::temp_path("no/such/dir/x.sermodel"), test::make_info("mfcc_cnn", "mfcc40", 4), *net),
               ModelError);
}

// load_model(path) must throw a ModelError naming the file and containing `fragment`.
void expect_refused(const std::string& path, const std::string& fragment) {
  try {
    load_model(path);
    ADD_FAILURE() << path << " loaded";
  } catch (const ModelError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(Bundle, UnreadableFilesAreModelErrors) {
  expect_refused(test::temp_path("does-not-exist.sermodel"), "does not exist");
  std::filesystem::create_directories(test::temp_path("a-directory"));
  expect_refused(test::temp_path("a-directory"), "not a regular file");
  test::write_bytes(test::temp_path("empty.sermodel"), "");
  expect_refused(test::temp_path("empty.sermodel"), "empty");
  std::string noise(4096, '\0');
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 7919u + 13u) % 251u);
  test::write_bytes(test::temp_path("noise.sermodel"), noise);
  expect_refused(test::temp_path("noise.sermodel"), "neither a .sermodel bundle nor a TorchScript module");

  const std::string good = test::read_bytes(test::write_small_bundle("good.sermodel"));
  test::write_bytes(test::temp_path("truncated.sermodel"), good.substr(0, good.size() / 2));
  expect_refused(test::temp_path("truncated.sermodel"), "truncated");
  test::write_bytes(test::temp_path("header-only.sermodel"), good.substr(0, 30));
  expect_refused(test::temp_path("header-only.sermodel"), "truncated");
  auto flipped = good;
  flipped[flipped.size() / 2] ^= 0x01;
  test::write_bytes(test::temp_path("flipped.sermodel"), flipped);
  expect_refused(test::temp_path("flipped.sermodel"), "checksum");
}

// Rewrites the metadata JSON of a valid small bundle with `edit`, keeping the container valid.
std::string with_metadata(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  static const std::string good = test::write_small_bundle("metadata-source.sermodel");
  return test::rewrite_bundle(good, name, [&](std::string& metadata, std::string&, std::string&) {
    auto j = nlohmann::json::parse(metadata);
    edit(j);
    metadata = j.dump();
  });
}

std::string with_index(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  static const std::string good = test::write_small_bundle("index-source.sermodel");
  return test::rewrite_bundle(good, name, [&](std::string&, std::string& index, std::string&) {
    auto j = nlohmann::json::parse(index);
    edit(j);
    index = j.dump();
  });
}

TEST(Bundle, InvalidMetadataIsAModelError) {
  const std::string small = test::write_small_bundle("small.sermodel");
  expect_refused(test::rewrite_bundle(small, "no-json.sermodel", [](auto& m, auto&, auto&) { m.clear(); }),
                 "not valid JSON");
  expect_refused(test::rewrite_bundle(small, "not-json.sermodel", [](auto& m, auto&, auto&) { m = "labels: [a, b]"; }),
                 "not valid JSON");
  expect_refused(with_metadata("version.sermodel", [](auto& j) { j["format_version"] = 99; }), "format_version 99");
  expect_refused(with_metadata("no-labels.sermodel", [](auto& j) { j.erase("labels"); }), "'labels' is missing");
  expect_refused(with_metadata("unknown-arch.sermodel", [](auto& j) { j["architecture"]["name"] = "vgg"; }),
                 "unknown architecture 'vgg'");
  expect_refused(with_metadata("unknown-hp.sermodel", [](auto& j) { j["architecture"]["hyper_parameters"]["depth"] = 3; }),
                 "unknown hyper-parameter 'depth'");
  expect_refused(with_metadata("vector-spec.sermodel",
                               [](auto& j) {
                                 j["features"] = features::FeatureSpec::preset("issa193").to_json();
                                 j["normalization"] = {{"mean", std::vector<float>(193, 0.f)}, {"std", std::vector<float>(193, 1.f)}};
                               }),
                 "takes a sequence");
}

TEST(Bundle, MetadataInconsistentWithTheWeightsIsAModelError) {
  // 4 labels in the weights; 3 or 5 in the metadata.
  expect_refused(with_metadata("fewer-labels.sermodel", [](auto& j) { j["labels"] = {"a", "b", "c"}; }),
                 "tensor 'head.weight' has shape [4, 16] in the file but [3, 16]");
  expect_refused(with_metadata("more-labels.sermodel", [](auto& j) { j["labels"] = {"a", "b", "c", "d", "e"}; }),
                 "head.weight");
  // 40 MFCC in the weights; 20 in the metadata's features.
  expect_refused(with_metadata("fewer-mfcc.sermodel",
                               [](auto& j) {
                                 j["features"]["n_mfcc"] = 20;
                                 j["normalization"] = {{"mean", std::vector<float>(20, 0.f)}, {"std", std::vector<float>(20, 1.f)}};
                               }),
                 "tensor 'blocks.0.weight' has shape [8, 40, 5] in the file but [8, 20, 5]");
  // Other hyper-parameters than those the weights were trained with: a network with more weights
  // than the file holds is refused before it is built (network_cost.h), a narrower one by shape.
  expect_refused(with_metadata("wider.sermodel", [](auto& j) { j["architecture"]["hyper_parameters"]["channels"] = {8, 16}; }),
                 "belong to these weights");
  expect_refused(with_metadata("deeper.sermodel", [](auto& j) { j["architecture"]["hyper_parameters"]["channels"] = {8, 8, 8}; }),
                 "belong to these weights");
  expect_refused(with_metadata("narrower.sermodel", [](auto& j) { j["architecture"]["hyper_parameters"]["channels"] = {8, 4}; }),
                 "shape");
}

TEST(Bundle, TensorTableErrorsAreModelErrors) {
  expect_refused(with_index("missing-tensor.sermodel", [](auto& j) { j.erase(0); }),
                 "tensor 'blocks.0.weight' of the 'mfcc_cnn' network is missing");
  expect_refused(with_index("extra-tensor.sermodel",
                            [](auto& j) {
                              auto e = j[0];
                              e["name"] = "blocks.9.weight";
                              j.push_back(e);
                            }),
                 "tensor 'blocks.9.weight' in the file is not part of");
  expect_refused(with_index("wrong-shape.sermodel", [](auto& j) { j[0]["shape"] = {8, 5, 40}; }),
                 "tensor 'blocks.0.weight' has shape [8, 5, 40] in the file but [8, 40, 5]");
  expect_refused(with_index("wrong-dtype.sermodel",
                            [](auto& j) {
                              j[0]["dtype"] = "int64";
                              j[0]["shape"] = {8, 20, 5};
                            }),
                 "int64 in the file but float32");
  expect_refused(with_index("outside.sermodel", [](auto& j) { j[0]["offset"] = 1u << 30; }), "beyond the end");
  expect_refused(with_index("renamed.sermodel", [](auto& j) { j[1]["name"] = j[0]["name"]; }), "listed twice");
  const std::string small = test::write_small_bundle("small-nan.sermodel");
  expect_refused(test::rewrite_bundle(small, "nan.sermodel",
                                      [](auto&, auto&, std::string& data) {
                                        const float nan = std::nanf("");
                                        std::memcpy(data.data(), &nan, sizeof nan);
                                      }),
                 "NaN");
}

}  // namespace
}  // namespace ser::nn
