// Tests of lib/nn: small models, bundles on disk and ways to break them.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/matrix.h"
#include "nn/classifier.h"
#include "nn/model_info.h"

namespace ser::nn {
class ZooNet;
// GoogleTest prints ModelInfo as its JSON.
void PrintTo(const ModelInfo& info, std::ostream* os);
}

namespace ser::nn::test {

// f() must throw an E whose message holds every fragment.
template <typename E>
void expect_throws_saying(const std::function<void()>& f, const std::vector<std::string>& fragments) {
  try {
    f();
    ADD_FAILURE() << "nothing thrown";
  } catch (const E& e) {
    for (const auto& s : fragments) EXPECT_NE(std::string(e.what()).find(s), std::string::npos) << e.what();
  }
}

// A folder for this test process's files, removed when the process ends.
std::string temp_path(const std::string& name);

// The natural features of each architecture: issa193, mfcc40, logmel64, mfcc40.
std::string natural_preset(const std::string& architecture);

// Metadata for `architecture` on `preset` with n_labels labels "l0", "l1", ..., non-trivial
// normalisation statistics, a corpus and an evaluation (all deterministic).
ModelInfo make_info(const std::string& architecture, const std::string& preset, std::size_t n_labels = 8,
                    const nlohmann::json& hyper_parameters = nlohmann::json::object());

// The network `info` describes, with random weights and BatchNorm statistics from `seed`.
std::shared_ptr<ZooNet> make_net(const ModelInfo& info, std::uint64_t seed = 1);

// Saves make_net(info, seed) with `info` at temp_path(name) and returns the path.
std::string write_bundle(const std::string& name, const ModelInfo& info, std::uint64_t seed = 1);

// A small sequence model (mfcc_cnn with narrow blocks on mfcc40) saved at temp_path(name).
std::string write_small_bundle(const std::string& name);

// Rewrites the sections of the bundle at `path` (metadata JSON, tensor index JSON, tensor data)
// with `edit`, repacking them into a valid container (right sizes and checksum) at temp_path(name).
using SectionEdit = std::function<void(std::string& metadata, std::string& index, std::string& data)>;
std::string rewrite_bundle(const std::string& path, const std::string& name, const SectionEdit& edit);

// A TorchScript module made and saved from C++ at temp_path(name): parameter w (outputs x bands),
// forward(x) = `forward_source` (default: the time mean of (B, F, T) features times w^T), with
// `metadata` as extra file "seremotion.json" unless it is empty.
std::string write_script_module(const std::string& name, int64_t bands, int64_t outputs, const std::string& metadata,
                                const std::string& forward_source = "");

// The bytes of a file / writes bytes to a file.
std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);

// Classifier options for the CPU (tests must not depend on a GPU being there).
ClassifierOptions on_cpu();

// Deterministic features: rows x cols values in [-3, 3) from `seed`.
Matrix random_features(std::size_t rows, std::size_t cols, std::uint64_t seed);

}  // namespace ser::nn::test
