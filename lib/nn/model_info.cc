#include "nn/model_info.h"

#include <cmath>
#include <set>

#include "common/bounded_json.h"
#include "common/error.h"
#include "common/number_text.h"
#include "features/windowing.h"

namespace ser::nn {
namespace {

constexpr const char* kFormatName = "seremotion-model";

[[noreturn]] void bad(const std::string& problem) { throw ModelError("model metadata: " + problem); }

void require(bool ok, const std::string& field, const std::string& what) {
  if (!ok) bad(field + " must be " + what);
}

// The value of a required field, which must have the type `is` accepts.
const nlohmann::json& field(const nlohmann::json& j, const char* key, bool (nlohmann::json::*is)() const noexcept,
                            const char* type) {
  if (!j.contains(key)) bad(std::string("field '") + key + "' is missing");
  const auto& v = j.at(key);
  if (!(v.*is)()) bad(std::string("field '") + key + "' must be " + type + " (got " + v.type_name() + ")");
  return v;
}

std::vector<float> float_array(const nlohmann::json& j, const char* key) {
  if (!j.is_array()) bad(std::string("normalization.") + key + " must be an array of numbers");
  std::vector<float> out;
  out.reserve(j.size());
  for (const auto& v : j) {
    if (!v.is_number()) bad(std::string("normalization.") + key + " must hold numbers only");
    out.push_back(v.get<float>());
  }
  return out;
}

void validate_normalization(const Normalization& n, std::size_t dim) {
  const std::string sizes = "an array of features.feature_dim() = " + std::to_string(dim) + " values";
  require(n.mean.size() == dim, "normalization.mean", sizes + " (got " + std::to_string(n.mean.size()) + ")");
  require(n.std.size() == dim, "normalization.std", sizes + " (got " + std::to_string(n.std.size()) + ")");
  for (std::size_t i = 0; i < dim; ++i) {
    require(std::isfinite(n.mean[i]), "normalization.mean[" + std::to_string(i) + "]", "finite");
    require(std::isfinite(n.std[i]) && n.std[i] > 0, "normalization.std[" + std::to_string(i) + "]", "finite and > 0");
  }
}

void validate_corpora(const nlohmann::json& corpora) {
  require(corpora.is_array(), "corpora", "an array of {\"name\", \"licence\", ...} objects");
  for (std::size_t i = 0; i < corpora.size(); ++i) {
    const auto& c = corpora[i];
    const std::string at = "corpora[" + std::to_string(i) + "]";
    require(c.is_object(), at, "an object");
    for (const char* key : {"name", "licence"}) {
      require(c.contains(key) && c[key].is_string() && !c[key].get<std::string>().empty(), at + "." + key,
              "a non-empty string");
    }
  }
}

}  // namespace

Normalization Normalization::identity(std::size_t dim) { return {std::vector<float>(dim, 0.0f), std::vector<float>(dim, 1.0f)}; }

void ModelInfo::validate() const {
  require(!name.empty(), "name", "a non-empty string");
  require(!architecture.empty(), "architecture.name", "a non-empty string");
  require(hyper_parameters.is_object(), "architecture.hyper_parameters", "an object");
  try {
    features.validate();
  } catch (const ParameterError& e) {
    bad(std::string("features: ") + e.what());
  }
  validate_normalization(normalization, features.feature_dim());
  try {
    adaptation.validate(features.feature_dim());
  } catch (const ParameterError& e) {
    bad(e.what());
  }
  require(!speech_trim.enabled || threshold_in_range(speech_trim), "speech_trim.threshold",
          "in [0, 1] (got " + std::to_string(speech_trim.threshold) + ")");
  require(!speech_trim.enabled || margin_in_range(speech_trim),
          "speech_trim.margin_seconds", "in [0, 10] s (got " + std::to_string(speech_trim.margin_seconds) + ")");
  require(labels.size() >= 2, "labels", "a list of at least 2 names (got " + std::to_string(labels.size()) + ")");
  std::set<std::string> seen;
  for (const auto& l : labels) {
    require(!l.empty(), "labels", "non-empty names");
    require(seen.insert(l).second, "labels", "unique ('" + l + "' is listed twice)");
  }
  // The element's window-duration and hop-duration bounds (features/windowing.h) apply to the
  // bundle's own values: a hop of 1e-12 s would cut a window at every sample.
  const auto bounds = [](double lo, double hi) { return "in [" + number_text(lo) + ", " + number_text(hi) + "] s"; };
  require(window_seconds() >= features::kMinWindowSeconds && window_seconds() <= features::kMaxWindowSeconds,
          "window_seconds",
          bounds(features::kMinWindowSeconds, features::kMaxWindowSeconds) + " (got " + number_text(window_seconds()) + ")");
  require(std::isfinite(hop_seconds) && hop_seconds >= features::kMinWindowSeconds && hop_seconds <= window_seconds(),
          "hop_seconds",
          bounds(features::kMinWindowSeconds, window_seconds()) + ", at most window_seconds (got " +
              number_text(hop_seconds) + ")");
  validate_corpora(corpora);
  require(evaluation.is_object(), "evaluation", "an object");
  // Training fits it within [0.05, 20]; far outside, the tempered logits overflow float (1e-40
  // turned every window's output into NaN) or flatten every answer to chance.
  require(std::isfinite(temperature) && temperature >= kMinTemperature && temperature <= kMaxTemperature,
          "calibration.temperature",
          "in [" + number_text(kMinTemperature) + ", " + number_text(kMaxTemperature) + "] (got " +
              number_text(temperature) + ")");
}

nlohmann::json ModelInfo::to_json() const {
  nlohmann::json j{
      {"format", kFormatName},
      {"format_version", kFormatVersion},
      {"name", name},
      {"description", description},
      {"architecture", {{"name", architecture}, {"hyper_parameters", hyper_parameters}}},
      {"features", features.to_json()},
      {"normalization", {{"mean", normalization.mean}, {"std", normalization.std}}},
      {"labels", labels},
      {"sample_rate", sample_rate()},
      {"window_seconds", window_seconds()},
      {"hop_seconds", hop_seconds},
      {"corpora", corpora},
      {"evaluation", evaluation},
      {"seremotion_version", seremotion_version},
  };
  if (adaptation.enabled()) j["adaptation"] = adaptation.to_json();
  if (speech_trim.enabled) {
    j["speech_trim"] = {{"threshold", speech_trim.threshold}, {"margin_seconds", speech_trim.margin_seconds}};
  }
  if (temperature != 1.0) j["calibration"] = {{"method", "temperature scaling"}, {"temperature", temperature}};
  return j;
}

ModelInfo ModelInfo::from_json(const nlohmann::json& j) {
  using J = nlohmann::json;
  if (!j.is_object()) bad("expected a JSON object");
  // corpora and evaluation are copied whole, and copies recurse: measure before copying.
  if (const std::size_t depth = json_depth(j); depth > kMaxJsonDepth) bad(json_depth_problem(depth));
  if (!j.contains("format") || j["format"] != kFormatName) {
    bad(std::string("field 'format' must be \"") + kFormatName + "\": is this a seremotion model?");
  }
  const auto& version = field(j, "format_version", &J::is_number_integer, "an integer");
  if (version != kFormatVersion) {
    bad("format_version " + version.dump() + " is not supported (this build reads " + std::to_string(kFormatVersion) +
        "; a newer seremotion wrote it?)");
  }
  const auto known = ModelInfo{}.to_json();
  for (const auto& item : j.items()) {
    if (!known.contains(item.key()) && item.key() != "adaptation" && item.key() != "calibration" &&
        item.key() != "speech_trim") {
      bad("unknown field '" + item.key() + "'");
    }
  }
  ModelInfo m;
  m.name = field(j, "name", &J::is_string, "a string").get<std::string>();
  if (j.contains("description")) m.description = field(j, "description", &J::is_string, "a string").get<std::string>();
  const auto& arch = field(j, "architecture", &J::is_object, "an object");
  for (const auto& item : arch.items()) {
    if (item.key() != "name" && item.key() != "hyper_parameters") bad("unknown field 'architecture." + item.key() + "'");
  }
  m.architecture = field(arch, "name", &J::is_string, "a string").get<std::string>();
  if (arch.contains("hyper_parameters")) m.hyper_parameters = field(arch, "hyper_parameters", &J::is_object, "an object");
  try {
    m.features = features::FeatureSpec::from_json(field(j, "features", &J::is_object, "an object"));
  } catch (const ParameterError& e) {
    bad(std::string("features: ") + e.what());
  }
  const auto& norm = field(j, "normalization", &J::is_object, "an object");
  m.normalization.mean = float_array(field(norm, "mean", &J::is_array, "an array"), "mean");
  m.normalization.std = float_array(field(norm, "std", &J::is_array, "an array"), "std");
  if (j.contains("adaptation")) {
    try {
      m.adaptation = features::AdaptiveNorm::from_json(j["adaptation"]);
    } catch (const ParameterError& e) {
      bad(e.what());
    }
  }
  if (j.contains("speech_trim")) {
    const auto& trim = field(j, "speech_trim", &J::is_object, "an object");
    for (const auto& item : trim.items()) {
      if (item.key() != "threshold" && item.key() != "margin_seconds") bad("unknown field 'speech_trim." + item.key() + "'");
    }
    m.speech_trim.enabled = true;
    m.speech_trim.threshold = field(trim, "threshold", &J::is_number, "a number").get<double>();
    m.speech_trim.margin_seconds = field(trim, "margin_seconds", &J::is_number, "a number").get<double>();
  }
  if (j.contains("calibration")) {
    const auto& cal = field(j, "calibration", &J::is_object, "an object");
    for (const auto& item : cal.items()) {
      if (item.key() != "method" && item.key() != "temperature") bad("unknown field 'calibration." + item.key() + "'");
    }
    if (cal.contains("method") && cal["method"] != "temperature scaling") {
      bad("calibration.method must be \"temperature scaling\" (got " + cal["method"].dump() + ")");
    }
    m.temperature = field(cal, "temperature", &J::is_number, "a number").get<double>();
  }
  for (const auto& l : field(j, "labels", &J::is_array, "an array of strings")) {
    if (!l.is_string()) bad("labels must be strings");
    m.labels.push_back(l.get<std::string>());
  }
  const int rate = field(j, "sample_rate", &J::is_number_integer, "an integer").get<int>();
  require(rate == m.sample_rate(), "sample_rate",
          "equal to features.sample_rate = " + std::to_string(m.sample_rate()) + " (got " + std::to_string(rate) + ")");
  const double window = field(j, "window_seconds", &J::is_number, "a number").get<double>();
  require(window == m.window_seconds(), "window_seconds",
          "equal to features.window_seconds = " + std::to_string(m.window_seconds()) + " (got " + std::to_string(window) + ")");
  m.hop_seconds = field(j, "hop_seconds", &J::is_number, "a number").get<double>();
  if (j.contains("corpora")) m.corpora = j["corpora"];
  if (j.contains("evaluation")) m.evaluation = j["evaluation"];
  if (j.contains("seremotion_version")) {
    m.seremotion_version = field(j, "seremotion_version", &J::is_string, "a string").get<std::string>();
  }
  m.validate();
  return m;
}

ModelInfo ModelInfo::parse(const std::string& text) {
  const JsonParse parsed = parse_json(text);
  if (!parsed) bad(parsed.error);
  return from_json(parsed.value);
}

bool operator==(const ModelInfo& a, const ModelInfo& b) { return a.to_json() == b.to_json(); }

}  // namespace ser::nn
