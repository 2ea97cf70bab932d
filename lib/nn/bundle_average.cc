// average_bundles: trained runs' bundles into one run_average bundle.
#include "nn/bundle_average.h"

#include <cmath>
#include <filesystem>

#include "common/bounded_json.h"
#include "common/error.h"
#include "features/adaptive_norm.h"
#include "nn/container.h"
#include "nn/model_file.h"
#include "nn/network_cost.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"
#include "nn/zoo.h"

namespace ser::nn {
namespace {

std::string quoted(const std::string& path) { return "model file '" + path + "'"; }

NativeModel read_run(const std::string& path) {
  const std::string bytes = read_model_file(path);
  if (!has_container_magic(bytes)) {
    throw ModelError(quoted(path) + ": not a .sermodel bundle; only bundles can be averaged (a TorchScript "
                                    "module's network cannot be rebuilt from the zoo)");
  }
  try {
    NativeModel model = load_native_model(bytes);
    check_outputs(*network_of(model.net), model.info);
    return model;
  } catch (const Error& e) {
    throw ModelError(quoted(path) + ": " + e.what());
  }
}

// What callers read of a bundle besides its network, normalisation, temperature and evaluation:
// the runs must agree on all of it.
nlohmann::json what_callers_read(const ModelInfo& info) {
  nlohmann::json j = info.to_json();
  nlohmann::json out;
  for (const char* key : {"features", "labels", "speech_trim", "hop_seconds", "corpora"}) {
    out[key] = j.contains(key) ? j[key] : nlohmann::json();
  }
  out["adaptation"] = info.adaptation.enabled() ? nlohmann::json(info.adaptation.prior_windows) : nlohmann::json();
  return out;
}

void check_averageable(const std::vector<NativeModel>& runs, const std::vector<std::string>& paths) {
  const nlohmann::json first = what_callers_read(runs[0].info);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const std::string& arch = runs[k].info.architecture;
    if (arch == RunAverageParams::kName) {
      throw ModelError(quoted(paths[k]) + " is already training runs averaged: give the bundles of its runs instead");
    }
    if (!run_average_takes(arch)) {
      throw ModelError(quoted(paths[k]) + ": its '" + arch +
                       "' network takes feature sequences; only runs of vector networks (issa1d, mlp, mlp_ensemble) "
                       "can be averaged");
    }
    const nlohmann::json other = what_callers_read(runs[k].info);
    for (const auto& item : first.items()) {
      if (other.at(item.key()) != item.value()) {
        throw ModelError(quoted(paths[k]) + " differs from " + quoted(paths[0]) + " in its " + item.key() + " (" +
                         other.at(item.key()).dump() + " against " + item.value().dump() +
                         "): only runs of one recipe on the same corpora can be averaged");
      }
    }
  }
}

// The runs' priors pooled: the mean of their means, the square root of the mean of their variances.
features::AdaptiveNorm pooled_prior(const std::vector<NativeModel>& runs) {
  features::AdaptiveNorm pooled = runs[0].info.adaptation;
  const std::size_t dim = pooled.dim();
  const double n = static_cast<double>(runs.size());
  for (std::size_t i = 0; i < dim; ++i) {
    double mean = 0, variance = 0;
    for (const auto& run : runs) {
      mean += run.info.adaptation.prior_mean[i] / n;
      variance += double(run.info.adaptation.prior_std[i]) * run.info.adaptation.prior_std[i] / n;
    }
    pooled.prior_mean[i] = static_cast<float>(mean);
    pooled.prior_std[i] = static_cast<float>(std::sqrt(variance));
  }
  return pooled;
}

// Run k's own normalisation, (x - prior_k) / s_k then (. - mean_k) / std_k, as one map of the
// bundle's normalised input y = (x - prior) / s (without adaptation: y = x).
RunToAverage run_to_average(const NativeModel& run, const features::AdaptiveNorm& prior) {
  const ModelInfo& info = run.info;
  RunToAverage out{run.net, {}, {}, info.temperature};
  std::vector<float> m = info.normalization.mean, s = info.normalization.std;
  if (info.adaptation.enabled()) {
    features::combine(info.adaptation.prior_mean, info.adaptation.prior_std, info.normalization.mean,
                      info.normalization.std, m, s);
  }
  out.mean.resize(m.size());
  out.std.resize(s.size());
  for (std::size_t i = 0; i < m.size(); ++i) {
    const float p = prior.enabled() ? prior.prior_mean[i] : 0.0f, q = prior.enabled() ? prior.prior_std[i] : 1.0f;
    out.mean[i] = (m[i] - p) / q;
    out.std[i] = s[i] / q;
    // Statistics that load can still overflow float here (1e30 / 1e-30): the loader would refuse
    // the result, so this refuses it first.
    if (!std::isfinite(out.mean[i]) || !std::isfinite(out.std[i]) || !(out.std[i] > 0)) {
      throw ModelError("its normalisation of feature " + std::to_string(i) +
                       " cannot be expressed beside the other runs' (not a finite number, or a spread of 0)");
    }
  }
  return out;
}

nlohmann::json evaluations(const std::vector<NativeModel>& runs, const std::vector<std::string>& paths,
                           const nlohmann::json& given) {
  nlohmann::json out = given.is_null()
                           ? nlohmann::json{{"protocol", {{"type", "training runs averaged"}, {"runs", runs.size()}}}}
                           : given;
  nlohmann::json each = nlohmann::json::array();
  for (std::size_t k = 0; k < runs.size(); ++k) {
    each.push_back({{"model", std::filesystem::path(paths[k]).filename().string()},
                    {"evaluation", runs[k].info.evaluation}});
  }
  out["runs"] = each;
  return out;
}

ModelInfo averaged_info(const std::vector<NativeModel>& runs, const std::vector<std::string>& paths,
                        const features::AdaptiveNorm& prior, const AverageOptions& options) {
  ModelInfo info = runs[0].info;
  if (!options.name.empty()) info.name = options.name;
  info.description = options.description.empty()
                         ? std::to_string(runs.size()) + " training runs averaged: " + runs[0].info.description
                         : options.description;
  info.normalization = Normalization::identity(info.input_dim());
  info.adaptation = prior;
  info.temperature = 1.0;  // each run's is inside the network
  info.evaluation = evaluations(runs, paths, options.evaluation);
  return info;
}

// What the loader would refuse in the bundle about to be written: the runs' cost together, and
// metadata nested deeper than a bundle may be (every run's evaluation sits 3 levels down).
void check_loadable(const ZooNet& net, const ModelInfo& info, const std::string& output) {
  try {
    check_network_cost(net.architecture(), net.hyper_parameters(), net.input_dim(), net.n_classes(), 1);
  } catch (const ParameterError& e) {
    throw ModelError("model file '" + output + "': the runs together cost more than a bundle may (" + e.what() +
                     "): average fewer runs");
  }
  const std::size_t depth = json_depth(info.to_json());
  if (depth > kMaxJsonDepth) {
    throw ModelError("model file '" + output + "': its metadata would be " + json_depth_problem(depth) +
                     ": give a shallower evaluation");
  }
}

}  // namespace

void average_bundles(const std::vector<std::string>& paths, const std::string& output,
                     const AverageOptions& options) {
  if (paths.size() < 2 || paths.size() > 16) {
    throw ParameterError("give 2 to 16 bundles of training runs to average (got " + std::to_string(paths.size()) +
                         ")");
  }
  const nlohmann::json& given = options.evaluation;
  if (!given.is_null() && (!given.is_object() || given.contains("runs"))) {
    throw ParameterError("the average's evaluation must be a JSON object without \"runs\" (each run's is added "
                         "there)");
  }
  std::error_code ec;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (std::filesystem::equivalent(paths[k], output, ec)) {
      throw ParameterError("the output '" + output + "' is also one of the runs: write the average elsewhere");
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (std::filesystem::equivalent(paths[j], paths[k], ec)) {
        throw ParameterError("'" + paths[k] + "' is given twice (as '" + paths[j] +
                             "'): each run counts once in the average");
      }
    }
  }
  std::vector<NativeModel> runs;
  for (const auto& p : paths) runs.push_back(read_run(p));
  check_averageable(runs, paths);
  const features::AdaptiveNorm prior =
      runs[0].info.adaptation.enabled() ? pooled_prior(runs) : features::AdaptiveNorm{};
  std::vector<RunToAverage> parts;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    try {
      parts.push_back(run_to_average(runs[k], prior));
    } catch (const ModelError& e) {
      throw ModelError(quoted(paths[k]) + ": " + e.what());
    }
  }
  std::shared_ptr<ZooNet> net;
  try {
    net = run_average_of(parts);
  } catch (const ParameterError& e) {
    throw ModelError(std::string("the runs cannot be averaged: ") + e.what());
  }
  net->eval();
  const ModelInfo info = averaged_info(runs, paths, prior, options);
  check_loadable(*net, info, output);
  save_bundle(output, info, *net);
}

}  // namespace ser::nn
