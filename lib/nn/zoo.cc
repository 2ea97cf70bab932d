#include "nn/zoo.h"

#include <climits>

#include "common/error.h"
#include "common/require.h"

namespace ser::nn {
namespace {

template <typename T>
void require(bool ok, const char* arch, const char* field, const char* range, const T& got) {
  require_parameter(ok, arch, field, range, got);
}

// The checks of the block-based networks: 1 to 8 blocks of [1, 4096] channels, an odd kernel
// up to max_kernel, pooling in [1, 8].
void require_blocks(const char* arch, const std::vector<int>& channels, int kernel_size, int max_kernel,
                    int pool_size) {
  require(!channels.empty() && channels.size() <= 8, arch, "channels", "a list of 1 to 8 blocks", channels.size());
  for (int c : channels) require(c >= 1 && c <= 4096, arch, "channels[i]", "in [1, 4096]", c);
  require(kernel_size >= 1 && kernel_size <= max_kernel && kernel_size % 2 == 1, arch, "kernel_size",
          ("odd and in [1, " + std::to_string(max_kernel) + "]").c_str(), kernel_size);
  require(pool_size >= 1 && pool_size <= 8, arch, "pool_size", "in [1, 8]", pool_size);
}

void require_dropout(double p, const char* arch, const char* field) {
  require(p >= 0 && p < 1, arch, field, "in [0, 1)", p);
}

std::size_t power(int base, std::size_t exponent) {
  std::size_t r = 1;
  for (std::size_t i = 0; i < exponent; ++i) r *= static_cast<std::size_t>(base);
  return r;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Whether `value` may stand for the default `def`: the same JSON kind, integers for integers
// (within int), any number for floating-point values, and element-wise for lists.
bool same_kind(const nlohmann::json& def, const nlohmann::json& value) {
  if (def.is_boolean()) return value.is_boolean();
  if (def.is_string()) return value.is_string();
  if (def.is_object()) return value.is_object();  // checked by the architecture's own resolve
  if (def.is_number_integer()) {
    if (!value.is_number_integer()) return false;
    if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT_MAX);
    const auto v = value.get<std::int64_t>();
    return v >= INT_MIN && v <= INT_MAX;
  }
  if (def.is_number()) return value.is_number();
  if (def.is_array()) {
    if (!value.is_array()) return false;
    for (const auto& v : value) {
      if (!same_kind(def.at(0), v)) return false;
    }
    return true;
  }
  return false;
}

// `overrides` merged over `defaults`: an unknown key or a value of another kind is refused.
nlohmann::json merge(const char* arch, const nlohmann::json& defaults, const nlohmann::json& overrides) {
  if (overrides.is_null()) return defaults;
  if (!overrides.is_object()) throw ParameterError(std::string(arch) + ": hyper-parameters must be a JSON object");
  nlohmann::json merged = defaults;
  for (const auto& item : overrides.items()) {
    if (!defaults.contains(item.key())) {
      std::vector<std::string> known;
      for (const auto& d : defaults.items()) known.push_back(d.key());
      throw ParameterError(std::string(arch) + ": unknown hyper-parameter '" + item.key() + "' (known: " + join(known) +
                           ")");
    }
    const auto& def = defaults.at(item.key());
    if (!same_kind(def, item.value())) {
      throw ParameterError(std::string(arch) + ": hyper-parameter '" + item.key() + "' must be like " + def.dump() +
                           " (got " + item.value().dump() + ")");
    }
    merged[item.key()] = item.value();
  }
  return merged;
}

template <typename Params>
nlohmann::json resolve(const nlohmann::json& overrides) {
  const Params p = merge(Params::kName, nlohmann::json(Params{}), overrides).template get<Params>();
  p.validate();
  return p;
}

// mlp_ensemble's members are mlp hyper-parameters: each merged over mlp's defaults and checked.
nlohmann::json resolve_ensemble(const nlohmann::json& overrides) {
  nlohmann::json merged = merge(MlpEnsembleParams::kName, nlohmann::json(MlpEnsembleParams{}), overrides);
  auto& members = merged.at("members");
  require(!members.empty() && members.size() <= 16, MlpEnsembleParams::kName, "members",
          "a list of 1 to 16 mlp networks", members.size());
  for (std::size_t k = 0; k < members.size(); ++k) {
    try {
      members[k] = resolve<MlpParams>(members[k]);
    } catch (const ParameterError& e) {
      throw ParameterError(std::string(MlpEnsembleParams::kName) + ": members[" + std::to_string(k) + "]: " + e.what());
    }
  }
  const auto p = merged.get<MlpEnsembleParams>();
  p.validate();
  return p;
}

// One run of run_average: {"architecture": one run_average_takes, "hyper_parameters": {...}},
// its hyper-parameters resolved as that architecture's own.
nlohmann::json resolve_run(const nlohmann::json& run) {
  if (!run.is_object()) throw ParameterError("must be {\"architecture\": ..., \"hyper_parameters\": {...}}");
  for (const auto& item : run.items()) {
    if (item.key() != "architecture" && item.key() != "hyper_parameters") {
      throw ParameterError("unknown key '" + item.key() + "' (known: architecture, hyper_parameters)");
    }
  }
  const auto arch = run.find("architecture");
  if (arch == run.end() || !arch->is_string() || !run_average_takes(arch->get<std::string>())) {
    throw ParameterError("architecture must be \"issa1d\", \"mlp\" or \"mlp_ensemble\" (got " +
                         (arch == run.end() ? std::string("nothing") : arch->dump()) + ")");
  }
  const auto hp = run.find("hyper_parameters");
  const std::string name = arch->get<std::string>();
  return {{"architecture", name},
          {"hyper_parameters", resolve_hyper_parameters(name, hp == run.end() ? nlohmann::json::object() : *hp)}};
}

nlohmann::json resolve_run_average(const nlohmann::json& overrides) {
  nlohmann::json merged = merge(RunAverageParams::kName, nlohmann::json(RunAverageParams{}), overrides);
  auto& runs = merged.at("runs");
  require(runs.size() >= 2 && runs.size() <= 16, RunAverageParams::kName, "runs", "a list of 2 to 16 runs",
          runs.size());
  for (std::size_t k = 0; k < runs.size(); ++k) {
    try {
      runs[k] = resolve_run(runs[k]);
    } catch (const ParameterError& e) {
      throw ParameterError(std::string(RunAverageParams::kName) + ": runs[" + std::to_string(k) + "]: " + e.what());
    }
  }
  return merged;
}

// What the zoo knows of one architecture without building it.
struct Entry {
  const char* name;
  features::InputShape input;
  nlohmann::json (*defaults)();
  nlohmann::json (*resolve)(const nlohmann::json& overrides);
  // Frames after which one remains past every pooling (1 for vector input).
  std::size_t (*min_frames)(const nlohmann::json& resolved);
};

template <typename Params>
nlohmann::json defaults_of() {
  return Params{};
}

void require_widths(const char* arch, const char* field, const std::vector<int>& widths, std::size_t min_layers = 1) {
  require(widths.size() >= min_layers && widths.size() <= 8, arch, field,
          min_layers ? "a list of 1 to 8 layers" : "a list of 0 to 8 layers", widths.size());
  for (int w : widths) require(w >= 1 && w <= 8192, arch, field, "widths in [1, 8192]", w);
}

template <typename Params>
std::size_t pooled_min_frames(const nlohmann::json& resolved) {
  const auto p = resolved.get<Params>();
  return power(p.pool_size, p.channels.size());
}

std::size_t one_frame(const nlohmann::json&) { return 1; }

const std::vector<Entry>& entries() {
  static const std::vector<Entry> zoo{
      {Issa1dParams::kName, features::InputShape::Vector, defaults_of<Issa1dParams>, resolve<Issa1dParams>, one_frame},
      {MfccCnnParams::kName, features::InputShape::Sequence, defaults_of<MfccCnnParams>, resolve<MfccCnnParams>,
       pooled_min_frames<MfccCnnParams>},
      {LogmelCnnParams::kName, features::InputShape::Sequence, defaults_of<LogmelCnnParams>, resolve<LogmelCnnParams>,
       pooled_min_frames<LogmelCnnParams>},
      {MfccCrnnParams::kName, features::InputShape::Sequence, defaults_of<MfccCrnnParams>, resolve<MfccCrnnParams>,
       pooled_min_frames<MfccCrnnParams>},
      {MlpParams::kName, features::InputShape::Vector, defaults_of<MlpParams>, resolve<MlpParams>, one_frame},
      {FusionParams::kName, features::InputShape::Sequence, defaults_of<FusionParams>, resolve<FusionParams>,
       pooled_min_frames<FusionParams>},
      {MlpEnsembleParams::kName, features::InputShape::Vector, defaults_of<MlpEnsembleParams>, resolve_ensemble,
       one_frame},
      {RunAverageParams::kName, features::InputShape::Vector, defaults_of<RunAverageParams>, resolve_run_average,
       one_frame},
  };
  return zoo;
}

const Entry& entry(const std::string& name) {
  for (const auto& e : entries()) {
    if (name == e.name) return e;
  }
  throw ParameterError("unknown architecture '" + name + "' (known: " + join(architecture_names()) + ")");
}

}  // namespace

void Issa1dParams::validate() const {
  const char* a = kName;
  require(first_channels >= 1 && first_channels <= 4096, a, "first_channels", "in [1, 4096]", first_channels);
  require(channels >= 1 && channels <= 4096, a, "channels", "in [1, 4096]", channels);
  require(kernel_size >= 1 && kernel_size <= 63 && kernel_size % 2 == 1, a, "kernel_size", "odd and in [1, 63]",
          kernel_size);
  require(pool_size >= 1 && pool_size <= 64, a, "pool_size", "in [1, 64]", pool_size);
  require_dropout(dropout_early, a, "dropout_early");
  require_dropout(dropout_late, a, "dropout_late");
  require_dropout(dropout_head, a, "dropout_head");
}

void MfccCnnParams::validate() const {
  require_blocks(kName, channels, kernel_size, 31, pool_size);
  require_dropout(dropout, kName, "dropout");
}

void LogmelCnnParams::validate() const {
  require_blocks(kName, channels, kernel_size, 15, pool_size);
  require_dropout(dropout, kName, "dropout");
}

void MfccCrnnParams::validate() const {
  const char* a = kName;
  require_blocks(a, channels, kernel_size, 31, pool_size);
  require(rnn == "gru" || rnn == "lstm", a, "rnn", "\"gru\" or \"lstm\"", rnn);
  require(hidden_size >= 1 && hidden_size <= 2048, a, "hidden_size", "in [1, 2048]", hidden_size);
  require(num_layers >= 1 && num_layers <= 4, a, "num_layers", "in [1, 4]", num_layers);
  require(pooling == "attention" || pooling == "mean", a, "pooling", "\"attention\" or \"mean\"", pooling);
  require_dropout(dropout, a, "dropout");
}

void MlpParams::validate() const {
  require_widths(kName, "hidden", hidden, 0);
  require_dropout(dropout, kName, "dropout");
  require_dropout(input_dropout, kName, "input_dropout");
  require(input_clip >= 0 && input_clip <= 100, kName, "input_clip", "in [0, 100] (0: off)", input_clip);
}

std::vector<MlpParams> MlpEnsembleParams::networks() const {
  std::vector<MlpParams> out;
  for (int r = 0; r < repeats; ++r) out.insert(out.end(), members.begin(), members.end());
  return out;
}

void MlpEnsembleParams::validate() const {
  require(!members.empty() && members.size() <= 16, kName, "members", "a list of 1 to 16 mlp networks",
          members.size());
  for (const auto& m : members) m.validate();
  require(repeats >= 1 && repeats <= 16, kName, "repeats", "in [1, 16]", repeats);
  require(members.size() * static_cast<std::size_t>(repeats) <= 32, kName, "members x repeats", "at most 32 networks",
          members.size() * static_cast<std::size_t>(repeats));
}

void RunAverageParams::validate() const { resolve_run_average(nlohmann::json(*this)); }

void FusionParams::validate() const {
  require(vector_dim >= 1 && vector_dim <= 4096, kName, "vector_dim", "in [1, 4096]", vector_dim);
  require_blocks(kName, channels, kernel_size, 15, pool_size);
  require_widths(kName, "vector_hidden", vector_hidden);
  require_dropout(dropout, kName, "dropout");
  require_dropout(branch_dropout, kName, "branch_dropout");
}

bool run_average_takes(const std::string& name) {
  return name == Issa1dParams::kName || name == MlpParams::kName || name == MlpEnsembleParams::kName;
}

std::vector<std::string> architecture_names() {
  std::vector<std::string> names;
  for (const auto& e : entries()) names.push_back(e.name);
  return names;
}

features::InputShape architecture_input(const std::string& name) { return entry(name).input; }

nlohmann::json default_hyper_parameters(const std::string& name) { return entry(name).defaults(); }

nlohmann::json resolve_hyper_parameters(const std::string& name, const nlohmann::json& overrides) {
  return entry(name).resolve(overrides);
}

std::size_t architecture_min_frames(const std::string& name, const nlohmann::json& overrides) {
  const auto& e = entry(name);
  return e.min_frames(e.resolve(overrides));
}

void check_architecture_input(const std::string& name, const nlohmann::json& overrides, std::size_t input_dim,
                              std::size_t n_classes) {
  const auto& e = entry(name);
  const auto hp = e.resolve(overrides);
  require(input_dim >= 1, e.name, "the input dimension", ">= 1", input_dim);
  require(n_classes >= 1, e.name, "the number of classes", ">= 1", n_classes);
  if (name == Issa1dParams::kName) {
    const auto pool = static_cast<std::size_t>(hp.at("pool_size").get<int>());
    require(input_dim >= pool, e.name, "the input vector length", ">= pool_size", input_dim);
  } else if (name == LogmelCnnParams::kName) {
    require(input_dim >= e.min_frames(hp), e.name, "the number of mel bands",
            ">= pool_size ^ blocks (to survive every pooling)", input_dim);
  } else if (name == RunAverageParams::kName) {
    for (const auto& run : hp.at("runs")) {
      check_architecture_input(run.at("architecture"), run.at("hyper_parameters"), input_dim, n_classes);
    }
  } else if (name == FusionParams::kName) {
    const auto vector = static_cast<std::size_t>(hp.at("vector_dim").get<int>());
    require(input_dim > vector, e.name, "the input rows", "> vector_dim (sequence rows, then the vector)", input_dim);
    if (hp.at("two_d").get<bool>()) {
      require(input_dim - vector >= e.min_frames(hp), e.name, "the number of sequence rows",
              ">= pool_size ^ blocks (to survive every pooling)", input_dim - vector);
    }
  }
}

}  // namespace ser::nn
