// Bundles made to hurt, each with a valid checksum so that the checks behind it see them:
// metadata nested 100,000 levels deep, parameters a network turns into NaN, windows and hops that
// ask for absurd work. Each is refused at load with a ModelError naming what is wrong.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "common/error.h"
#include "nn/classifier.h"
#include "nn/tensor_index.h"
#include "nn/torch_network.h"
#include "nn_test_util.h"

namespace ser::nn {
namespace {

// `depth` objects inside one another: {"a":{"a":...0...}}.
std::string nested_objects(std::size_t depth) {
  std::string s;
  s.reserve(depth * 6 + 1);
  for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
  s += "0";
  s.append(depth, '}');
  return s;
}

// A valid small bundle whose metadata JSON text is `edit`ed.
std::string with_metadata_text(const std::string& name, const std::function<void(std::string&)>& edit) {
  static const std::string good = test::write_small_bundle("hostile-source.sermodel");
  return test::rewrite_bundle(good, name, [&](std::string& metadata, std::string&, std::string&) { edit(metadata); });
}

std::string with_metadata(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  return with_metadata_text(name, [&](std::string& text) {
    auto j = nlohmann::json::parse(text);
    edit(j);
    text = j.dump();
  });
}

// A valid small bundle whose float tensors named with `part` hold `value` everywhere.
std::string with_values(const std::string& name, const std::string& part, float value) {
  static const std::string good = test::write_small_bundle("values-source.sermodel");
  return test::rewrite_bundle(good, name, [&](std::string&, std::string& index, std::string& data) {
    int changed = 0;
    for (const TensorRecord& r : parse_tensor_index(index, data.size())) {
      if (r.name.find(part) == std::string::npos || r.dtype != TensorDType::Float32) continue;
      for (std::uint64_t i = 0; i < r.numel(); ++i) std::memcpy(&data[r.offset + 4 * i], &value, 4);
      ++changed;
    }
    ASSERT_GT(changed, 0) << "no tensor named *" << part << "*";
  });
}

// Loading `path` must be a ModelError naming the file and containing every fragment.
void expect_refused(const std::string& path, const std::vector<std::string>& fragments) {
  try {
    const Classifier c(path, test::on_cpu());
    ADD_FAILURE() << path << " loaded";
  } catch (const ModelError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find(path), std::string::npos) << text;
    for (const auto& f : fragments) EXPECT_NE(text.find(f), std::string::npos) << "no '" << f << "' in: " << text;
  }
}

// Issue 14, defect 1: 100,000 nested objects under "evaluation" overflowed the stack while the
// metadata was copied (SIGSEGV in ser-train predict and in the element).
TEST(HostileBundle, DeeplyNestedMetadataIsRefusedNotACrash) {
  const std::string deep = with_metadata_text("deep.sermodel", [](std::string& text) {
    auto j = nlohmann::json::parse(text);
    j["evaluation"] = "DEEP";
    text = j.dump();
    text.replace(text.find("\"DEEP\""), 6, nested_objects(100000));
  });
  expect_refused(deep, {"model metadata", "nested 100001 levels deep", "64 allowed"});
  // Arrays in the tensor index, which is JSON too.
  const std::string deep_index = test::rewrite_bundle(
      test::write_small_bundle("deep-index-source.sermodel"), "deep-index.sermodel",
      [](std::string&, std::string& index, std::string&) { index = std::string(100000, '[') + std::string(100000, ']'); });
  expect_refused(deep_index, {"tensor index", "nested 100000 levels deep"});
}

TEST(HostileBundle, DeeplyNestedMetadataBuiltInMemoryIsRefusedBeforeItIsCopied) {
  nlohmann::json deep = 0;
  for (int i = 0; i < 100000; ++i) {
    nlohmann::json outer = nlohmann::json::object();
    outer["a"] = std::move(deep);
    deep = std::move(outer);
  }
  auto j = test::make_info("mfcc_cnn", "mfcc40", 3).to_json();
  j["corpora"][0]["notes"] = std::move(deep);
  try {
    ModelInfo::from_json(j);
    ADD_FAILURE() << "accepted";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("nested 100003 levels deep"), std::string::npos) << e.what();
  }
}

// Defect 2: a negative BatchNorm variance passed the load checks, and the element posted
// label=neutral confidence=nan.
TEST(HostileBundle, NegativeBatchNormVarianceIsRefused) {
  expect_refused(with_values("negative-variance.sermodel", "running_var", -1.0f),
                 {"running_var", "negative values", "variance"});
}

// Defect 2: weights of 1e30 are finite, so they passed the load checks; the network overflows
// them into NaN. The check pass at load refuses them.
TEST(HostileBundle, WeightsThatOverflowAreRefusedByTheCheckPass) {
  expect_refused(with_values("huge-weights.sermodel", "weight", 1e30f), {"check pass", "not numbers"});
  // ser-train info loads without warming up: the check pass runs all the same.
  ClassifierOptions no_warm_up = test::on_cpu();
  no_warm_up.warm_up = false;
  EXPECT_THROW(Classifier(with_values("huge-weights-2.sermodel", "weight", 1e30f), no_warm_up), ModelError);
}

// Defect 3: a bundle's hop of 1e-12 s cut a window at every sample (the element fell 6 times
// behind real time), where the same value as a property is raised to 10 ms.
TEST(HostileBundle, WindowAndHopOutsideTheElementsBoundsAreRefused) {
  expect_refused(with_metadata("tiny-hop.sermodel", [](auto& j) { j["hop_seconds"] = 1e-12; }),
                 {"hop_seconds", "[0.01, 3] s", "1e-12"});
  expect_refused(with_metadata("long-window.sermodel",
                               [](auto& j) {
                                 j["window_seconds"] = 120.0;
                                 j["features"]["window_seconds"] = 120.0;
                               }),
                 {"window_seconds", "[0.01, 60] s", "120"});
}

// Defect 3: a 600 s window with hop_length 1 and 1024 mel bands ended in std::bad_alloc.
TEST(HostileBundle, FeaturesThatCostOutOfProportionAreRefused) {
  expect_refused(with_metadata("huge-work.sermodel",
                               [](auto& j) {
                                 j["window_seconds"] = 60.0;
                                 j["hop_seconds"] = 1.0;
                                 j["features"]["window_seconds"] = 60.0;
                                 j["features"]["hop_length"] = 1;
                                 j["features"]["n_mels"] = 1024;
                               }),
                 {"features", "hop_length 1", "MiB per window", "raise hop_length or shorten the window"});
}

// 1 KB of metadata could ask for 8 blocks of 4096 channels (4 billion weights, 16 GB) and
// libtorch would allocate them before a tensor of the file was compared: refused before anything
// is built, by what the network costs (network_cost.h) and by what the file holds.
TEST(HostileBundle, NetworksTheFileCannotHoldOrAWindowCannotAffordAreRefusedBeforeTheyAreBuilt) {
  expect_refused(with_metadata("huge-network.sermodel",
                               [](auto& j) {
                                 j["architecture"]["hyper_parameters"]["channels"] = std::vector<int>(8, 4096);
                                 j["architecture"]["hyper_parameters"]["kernel_size"] = 31;
                               }),
                 {"mfcc_cnn", "multiply-adds", "lower channels or kernel_size"});
  expect_refused(with_metadata("wide-network.sermodel",
                               [](auto& j) { j["architecture"]["hyper_parameters"]["channels"] = {512, 512}; }),
                 {"network the metadata describes has at least", "weights, but the file holds"});
}

}  // namespace
}  // namespace ser::nn
