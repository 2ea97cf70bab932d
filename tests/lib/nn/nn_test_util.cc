#include "nn_test_util.h"

#include <fstream>
#include <ostream>
#include <random>

#include <torch/nn/module.h>
#include <torch/script.h>

#include "common/temp_dir.h"
#include "nn/container.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "ser_config.h"

namespace ser::nn {
void PrintTo(const ModelInfo& info, std::ostream* os) { *os << info.to_json().dump(); }
}  // namespace ser::nn

namespace ser::nn::test {

std::string temp_path(const std::string& name) { return ser::test::temp_path("nn-test", name); }

std::string natural_preset(const std::string& architecture) {
  if (architecture == "issa1d" || architecture == "mlp" || architecture == "mlp_ensemble" ||
      architecture == "run_average") {
    return "issa193";
  }
  if (architecture == "logmel_cnn") return "logmel64";
  // 128 rows: 40 sequence rows and fusion's default 88 vector rows, enough for its shapes.
  if (architecture == "fusion") return "logmel128";
  return "mfcc40";
}

ModelInfo make_info(const std::string& architecture, const std::string& preset, std::size_t n_labels,
                    const nlohmann::json& hyper_parameters) {
  ModelInfo info;
  info.name = "test-" + architecture;
  info.description = "a " + architecture + " with random weights, for tests";
  info.architecture = architecture;
  info.hyper_parameters = hyper_parameters;
  info.features = features::FeatureSpec::preset(preset);
  const std::size_t dim = info.features.feature_dim();
  for (std::size_t i = 0; i < dim; ++i) {
    info.normalization.mean.push_back(0.25f * static_cast<float>(i % 7) - 0.5f);
    info.normalization.std.push_back(0.5f + 0.125f * static_cast<float>(i % 5));
  }
  for (std::size_t i = 0; i < n_labels; ++i) info.labels.push_back("l" + std::to_string(i));
  info.hop_seconds = 1.5;
  info.corpora = nlohmann::json::array({{{"name", "RAVDESS"}, {"licence", "CC BY-NC-SA 4.0"}, {"files", 1440}}});
  info.evaluation = {{"protocol", {{"folds", 5}, {"grouping", "speaker"}}}, {"scores", {{"ua", 0.5}, {"wa", 0.51}}}};
  info.seremotion_version = SER_VERSION;
  return info;
}

std::shared_ptr<ZooNet> make_net(const ModelInfo& info, std::uint64_t seed) {
  torch::manual_seed(seed);
  auto net = make_network(info.architecture, info.hyper_parameters, info.input_dim(), info.labels.size());
  torch::NoGradGuard no_grad;
  // BatchNorm statistics away from 0 and 1, so that a wrong buffer shows in the outputs.
  for (auto& b : net->named_buffers()) {
    if (b.key().find("running_mean") != std::string::npos) b.value().uniform_(-0.5, 0.5);
    if (b.key().find("running_var") != std::string::npos) b.value().uniform_(0.5, 2.0);
    if (b.key().find("num_batches_tracked") != std::string::npos) b.value().fill_(static_cast<int64_t>(seed + 41));
    // run_average's runs: their own normalisation and temperature, away from 0 and 1 too.
    if (b.key().size() > 5 && b.key().rfind(".mean") == b.key().size() - 5) b.value().uniform_(-0.5, 0.5);
    if (b.key().size() > 4 && b.key().rfind(".std") == b.key().size() - 4) b.value().uniform_(0.5, 2.0);
    if (b.key().find(".temperature") != std::string::npos) b.value().uniform_(0.5, 2.0);
  }
  net->eval();
  return net;
}

std::string write_bundle(const std::string& name, const ModelInfo& info, std::uint64_t seed) {
  const std::string path = temp_path(name);
  save_bundle(path, info, *make_net(info, seed));
  return path;
}

std::string write_small_bundle(const std::string& name) {
  return write_bundle(name, make_info("mfcc_cnn", "mfcc40", 4, {{"channels", {8, 8}}}));
}

std::string rewrite_bundle(const std::string& path, const std::string& name, const SectionEdit& edit) {
  const std::string bytes = read_bytes(path);
  const ContainerSections s = unpack_container(bytes);
  std::string metadata(s.metadata), index(s.tensor_index), data(s.tensor_data);
  edit(metadata, index, data);
  const std::string out = temp_path(name);
  write_bytes(out, pack_container({metadata, index, data}));
  return out;
}

std::string write_script_module(const std::string& name, int64_t bands, int64_t outputs, const std::string& metadata,
                                const std::string& forward_source) {
  torch::manual_seed(99);
  torch::jit::Module m("SmallScript");
  m.register_parameter("w", torch::randn({outputs, bands}), false);
  m.define(forward_source.empty() ? "def forward(self, x):\n    return torch.matmul(x.mean(-1), self.w.t())\n"
                                  : forward_source);
  torch::jit::ExtraFilesMap extra;
  if (!metadata.empty()) extra["seremotion.json"] = metadata;
  const std::string path = temp_path(name);
  m.save(path, extra);
  return path;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

ClassifierOptions on_cpu() {
  ClassifierOptions o;
  o.device = "cpu";
  return o;
}

Matrix random_features(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(-3.0f, 3.0f);
  Matrix m(rows, cols);
  for (auto& v : m.storage()) v = u(rng);
  return m;
}

}  // namespace ser::nn::test
