#include "features/feature_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <type_traits>

#include "common/bounded_json.h"
#include "common/error.h"
#include "common/require.h"
#include "features/egemaps/egemaps.h"
#include "features/egemaps/egemaps_names.h"

namespace ser::features {
namespace {

const std::vector<std::string>& vector_features() {
  static const std::vector<std::string> v{"mfcc", "chroma_stft", "mel", "contrast", "tonnetz", "egemaps"};
  return v;
}
const std::vector<std::string>& sequence_features() {
  static const std::vector<std::string> v{"mfcc", "logmel", "egemaps_lld"};
  return v;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

template <typename T>
void require(bool ok, const char* field, const char* range, const T& got) {
  require_parameter(ok, "FeatureSpec", field, range, got);
}

}  // namespace

size_t FeatureSpec::window_samples() const {
  return static_cast<size_t>(std::llround(window_seconds * sample_rate));
}

size_t FeatureSpec::frames_for(size_t n_samples) const {
  const size_t n = pad_short ? std::max(n_samples, window_samples()) : n_samples;
  if (contains(features, "egemaps_lld")) return Egemaps::frames_for(n, sample_rate);
  return 1 + n / static_cast<size_t>(hop_length);  // librosa.stft, center=True, even n_fft
}

size_t FeatureSpec::feature_dim() const {
  size_t dim = sequence_rows();
  for (const auto& f : append_vector) {
    if (f == "egemaps") dim += Egemaps::kFunctionals;
  }
  return dim;
}

size_t FeatureSpec::sequence_rows() const {
  size_t dim = 0;
  for (const auto& f : features) {
    if (f == "mfcc") dim += static_cast<size_t>(n_mfcc);
    else if (f == "chroma_stft") dim += static_cast<size_t>(n_chroma);
    else if (f == "mel" || f == "logmel") dim += static_cast<size_t>(n_mels);
    else if (f == "contrast") dim += static_cast<size_t>(contrast_n_bands + 1);
    else if (f == "tonnetz") dim += 6;
    else if (f == "egemaps") dim += Egemaps::kFunctionals;
    else if (f == "egemaps_lld") dim += Egemaps::kDescriptors;
  }
  return dim;
}

bool FeatureSpec::uses_egemaps() const {
  return contains(features, "egemaps") || contains(features, "egemaps_lld") || contains(append_vector, "egemaps");
}

bool FeatureSpec::has_named_features() const { return uses_egemaps(); }

size_t FeatureSpec::vector_offset_of(const std::string& feature) const {
  if (shape != InputShape::Vector || !contains(features, feature)) {
    throw ParameterError("FeatureSpec: no vector feature '" + feature + "' in [" + join(features) + "]");
  }
  size_t offset = 0;
  for (const auto& f : features) {
    if (f == feature) break;
    FeatureSpec one = *this;
    one.features = {f};
    offset += one.feature_dim();
  }
  return offset;
}

std::vector<std::string> FeatureSpec::feature_names() const {
  std::vector<std::string> names;
  if (!has_named_features()) return names;
  for (const auto& f : features) {
    if (f == "egemaps") {
      const auto& n = egemaps_functional_names();
      names.insert(names.end(), n.begin(), n.end());
    } else if (f == "egemaps_lld") {
      const auto& n = egemaps_descriptor_names();
      names.insert(names.end(), n.begin(), n.end());
    } else {
      FeatureSpec one = *this;
      one.features = {f};
      for (size_t i = 0; i < one.feature_dim(); ++i) names.push_back(f + "[" + std::to_string(i) + "]");
    }
  }
  return names;
}

bool FeatureSpec::needs_cqt() const { return contains(features, "tonnetz") && tonnetz_source == "cqt"; }

void FeatureSpec::validate() const {
  require(!features.empty(), "features", "a non-empty list", "[]");
  const auto& known = shape == InputShape::Vector ? vector_features() : sequence_features();
  std::set<std::string> seen;
  for (const auto& f : features) {
    if (!contains(known, f)) {
      throw ParameterError("FeatureSpec: unknown " +
                           std::string(shape == InputShape::Vector ? "vector" : "sequence") + " feature '" + f +
                           "' (known: " + join(known) + ")");
    }
    if (!seen.insert(f).second) throw ParameterError("FeatureSpec: feature '" + f + "' is listed twice");
  }
  if (shape == InputShape::Sequence) {
    require(features.size() == 1, "features", "exactly one of mfcc, logmel, egemaps_lld for a sequence",
            features.size());
  }
  require(!uses_egemaps() || (sample_rate >= 16000 && sample_rate <= 192000), "sample_rate",
          "in [16000, 192000] Hz for eGeMAPS (its bands reach 8 kHz)", sample_rate);
  require(sample_rate >= 1000 && sample_rate <= 192000, "sample_rate", "in [1000, 192000] Hz", sample_rate);
  require(n_fft >= 16 && n_fft <= 65536 && n_fft % 2 == 0, "n_fft", "even and in [16, 65536]", n_fft);
  require(hop_length > 0 && hop_length <= n_fft, "hop_length", "in (0, n_fft]", hop_length);
  require(win_length >= 0 && win_length <= n_fft, "win_length", "in [0, n_fft] (0 means n_fft)", win_length);
  require(n_mels > 0 && n_mels <= 1024, "n_mels", "in (0, 1024]", n_mels);
  require(fmin >= 0 && fmin < sample_rate / 2.0, "fmin", "in [0, sample_rate/2) Hz", fmin);
  require(fmax == 0 || (fmax > fmin && fmax <= sample_rate / 2.0), "fmax",
          "0 (sample_rate/2) or in (fmin, sample_rate/2] Hz", fmax);
  require(std::isfinite(top_db), "top_db", "finite (negative: no clipping)", top_db);
  require(n_mfcc > 0 && n_mfcc <= n_mels, "n_mfcc", "in (0, n_mels]", n_mfcc);
  require(n_chroma == 12, "n_chroma", "12", n_chroma);
  require(contrast_fmin > 0, "contrast_fmin", "> 0 Hz", contrast_fmin);
  require(contrast_n_bands > 0, "contrast_n_bands", "> 0", contrast_n_bands);
  require(contrast_fmin * std::pow(2.0, contrast_n_bands - 1) < sample_rate / 2.0 || !contains(features, "contrast"),
          "contrast_fmin * 2^(contrast_n_bands - 1)", "below the Nyquist frequency",
          contrast_fmin * std::pow(2.0, contrast_n_bands - 1));
  require(contrast_quantile > 0 && contrast_quantile < 1, "contrast_quantile", "in (0, 1)", contrast_quantile);
  require(tonnetz_source == "cqt" || tonnetz_source == "stft", "tonnetz_source", "\"cqt\" or \"stft\"",
          tonnetz_source);
  require(hpss_kernel > 0 && hpss_kernel % 2 == 1, "hpss_kernel", "odd and > 0", hpss_kernel);
  require(hpss_margin >= 1.0, "hpss_margin", ">= 1", hpss_margin);
  require(window_seconds > 0 && window_seconds <= 600, "window_seconds", "in (0, 600] s", window_seconds);
  require(window_norm == "none" || window_norm == "mean" || window_norm == "meanvar", "window_norm",
          "\"none\", \"mean\" or \"meanvar\"", window_norm);
  require(window_norm == "none" || shape == InputShape::Sequence, "window_norm", "\"none\" for a vector spec",
          window_norm);
  require(level_norm == "none" || level_norm == "active", "level_norm", "\"none\" or \"active\"", level_norm);
  require(denoise == "none" || denoise == "spectral", "denoise", "\"none\" or \"spectral\"", denoise);
  require(egemaps_formants == "opensmile" || egemaps_formants == "lpc" || egemaps_formants == "negated",
          "egemaps_formants", "\"opensmile\", \"lpc\" or \"negated\"", egemaps_formants);
  require(level_target_dbfs >= -60.0 && level_target_dbfs <= 0.0, "level_target_dbfs", "in [-60, 0] dBFS",
          level_target_dbfs);
  require(append_vector.empty() || shape == InputShape::Sequence, "append_vector", "empty for a vector spec",
          append_vector.size());
  std::set<std::string> appended;
  for (const auto& f : append_vector) {
    if (f != "egemaps") {
      throw ParameterError("FeatureSpec: append_vector takes \"egemaps\" only (got '" + f + "')");
    }
    if (!appended.insert(f).second) throw ParameterError("FeatureSpec: append_vector lists '" + f + "' twice");
  }
  check_span(window_samples());
}

double FeatureSpec::values_for(size_t n_samples) const {
  const double frames = static_cast<double>(frames_for(n_samples));
  return frames * std::max(n_fft / 2.0 + 1.0, static_cast<double>(n_mels));
}

void FeatureSpec::check_span(size_t n_samples) const {
  const double values = values_for(n_samples);
  if (values <= kMaxValuesPerSpan) return;
  std::ostringstream msg;
  msg.precision(3);
  msg << "FeatureSpec: a window of " << static_cast<double>(n_samples) / sample_rate << " s at hop_length "
      << hop_length << " is " << frames_for(n_samples) << " frames of " << std::max(n_fft / 2 + 1, n_mels)
      << " values (n_fft " << n_fft << ", n_mels " << n_mels << "): " << values * 4 / (1 << 20)
      << " MiB per window, more than the " << kMaxValuesPerSpan * 4 / (1 << 20)
      << " MiB allowed; raise hop_length or shorten the window";
  throw ParameterError(msg.str());
}

nlohmann::json FeatureSpec::to_json() const {
  nlohmann::json j{
      {"version", kVersion},
      {"name", name},
      {"shape", shape == InputShape::Vector ? "vector" : "sequence"},
      {"features", features},
      {"sample_rate", sample_rate},
      {"n_fft", n_fft},
      {"hop_length", hop_length},
      {"win_length", win_length},
      {"n_mels", n_mels},
      {"fmin", fmin},
      {"fmax", fmax},
      {"top_db", top_db},
      {"db_ref", db_ref_max ? "max" : "1.0"},
      {"n_mfcc", n_mfcc},
      {"chroma_input", chroma_from_magnitude ? "magnitude" : "power"},
      {"n_chroma", n_chroma},
      {"contrast_fmin", contrast_fmin},
      {"contrast_n_bands", contrast_n_bands},
      {"contrast_quantile", contrast_quantile},
      {"tonnetz_source", tonnetz_source},
      {"hpss_kernel", hpss_kernel},
      {"hpss_margin", hpss_margin},
      {"window_seconds", window_seconds},
      {"pad_short", pad_short},
      {"window_norm", window_norm},
  };
  if (!append_vector.empty()) j["append_vector"] = append_vector;
  // Written only when used, so that the specs of bundles made before it read back equal.
  if (level_norm != "none") {
    j["level_norm"] = level_norm;
    j["level_target_dbfs"] = level_target_dbfs;
  }
  if (denoise != "none") j["denoise"] = denoise;
  if (uses_egemaps() ? egemaps_formants != "negated" : egemaps_formants != "opensmile") {
    j["egemaps_formants"] = egemaps_formants;
  }
  return j;
}

namespace {

// An integer field's value: a JSON integer, or a number with no fraction, within T's range (a
// float such as 5e41 converted to int is undefined behaviour, which the fuzzer found).
template <typename T>
T integer_field(const nlohmann::json& v, const char* key) {
  const auto fail = [key]() -> T {
    throw ParameterError(std::string("FeatureSpec: ") + key + " must be an integer from " +
                         std::to_string(std::numeric_limits<T>::min()) + " to " +
                         std::to_string(std::numeric_limits<T>::max()));
  };
  if (!v.is_number()) return v.get<T>();  // nlohmann's type error: "wrong type" below
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    return u <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()) ? static_cast<T>(u) : fail();
  }
  if (v.is_number_integer()) {  // signed: unsigned ones were taken above
    const auto i = v.get<std::int64_t>();
    bool fits = false;
    if constexpr (std::is_unsigned_v<T>) {
      fits = i >= 0 && static_cast<std::uint64_t>(i) <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    } else {
      fits = i >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
             i <= static_cast<std::int64_t>(std::numeric_limits<T>::max());
    }
    return fits ? static_cast<T>(i) : fail();
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && d >= static_cast<double>(std::numeric_limits<T>::min()) &&
        d <= static_cast<double>(std::numeric_limits<T>::max())) {
      return static_cast<T>(d);
    }
    return fail();
  }
  return fail();
}

}  // namespace

FeatureSpec FeatureSpec::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw ParameterError("FeatureSpec: expected a JSON object");
  FeatureSpec s;
  const auto known = s.to_json();
  for (const auto& item : j.items()) {
    const bool optional = item.key() == "append_vector" || item.key() == "level_norm" ||
                          item.key() == "level_target_dbfs" || item.key() == "egemaps_formants" ||
                          item.key() == "denoise";
    if (!known.contains(item.key()) && !optional) {
      throw ParameterError("FeatureSpec: unknown field '" + item.key() + "'");
    }
  }
  try {
    // Inside the try: a version that is not a number is a field of the wrong type like any other.
    const int version = j.contains("version") ? integer_field<int>(j.at("version"), "version") : 0;
    if (version != kVersion) {
      throw ParameterError("FeatureSpec: version " + std::to_string(version) +
                           " is not supported (this build reads " + std::to_string(kVersion) + ")");
    }
    auto get = [&j](const char* key, auto& field) {
      using T = std::decay_t<decltype(field)>;
      if (!j.contains(key)) return;
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        field = integer_field<T>(j.at(key), key);
      } else {
        field = j.at(key).get<T>();
      }
    };
    get("name", s.name);
    std::string shape = "vector";
    get("shape", shape);
    if (shape != "vector" && shape != "sequence") {
      throw ParameterError("FeatureSpec: shape must be \"vector\" or \"sequence\" (got \"" + shape + "\")");
    }
    s.shape = shape == "vector" ? InputShape::Vector : InputShape::Sequence;
    get("features", s.features);
    get("sample_rate", s.sample_rate);
    get("n_fft", s.n_fft);
    get("hop_length", s.hop_length);
    get("win_length", s.win_length);
    get("n_mels", s.n_mels);
    get("fmin", s.fmin);
    get("fmax", s.fmax);
    get("top_db", s.top_db);
    std::string ref = "1.0";
    get("db_ref", ref);
    if (ref != "1.0" && ref != "max") throw ParameterError("FeatureSpec: db_ref must be \"1.0\" or \"max\" (got \"" + ref + "\")");
    s.db_ref_max = ref == "max";
    get("n_mfcc", s.n_mfcc);
    std::string chroma = "magnitude";
    get("chroma_input", chroma);
    if (chroma != "magnitude" && chroma != "power") {
      throw ParameterError("FeatureSpec: chroma_input must be \"magnitude\" or \"power\" (got \"" + chroma + "\")");
    }
    s.chroma_from_magnitude = chroma == "magnitude";
    get("n_chroma", s.n_chroma);
    get("contrast_fmin", s.contrast_fmin);
    get("contrast_n_bands", s.contrast_n_bands);
    get("contrast_quantile", s.contrast_quantile);
    get("tonnetz_source", s.tonnetz_source);
    get("hpss_kernel", s.hpss_kernel);
    get("hpss_margin", s.hpss_margin);
    get("window_seconds", s.window_seconds);
    get("pad_short", s.pad_short);
    get("window_norm", s.window_norm);
    get("append_vector", s.append_vector);
    get("level_norm", s.level_norm);
    get("level_target_dbfs", s.level_target_dbfs);
    get("denoise", s.denoise);
    // A spec with eGeMAPS and no formant field was written before the formants' scale.
    if (s.uses_egemaps() && !j.contains("egemaps_formants")) s.egemaps_formants = "negated";
    get("egemaps_formants", s.egemaps_formants);
  } catch (const nlohmann::json::exception& e) {
    throw ParameterError(std::string("FeatureSpec: a field has the wrong type: ") + e.what());
  }
  s.validate();
  return s;
}

FeatureSpec FeatureSpec::parse(std::string_view text) {
  const JsonParse parsed = parse_json(text);
  if (!parsed) throw ParameterError("FeatureSpec: " + parsed.error);
  return from_json(parsed.value);
}

FeatureSpec FeatureSpec::preset(const std::string& name) {
  FeatureSpec s;
  s.name = name;
  if (name == "issa193") {
    // Issa, Demirci and Yazici (2020): time means of 40 MFCC, 12 chroma (of |STFT|), 128 mel,
    // 7 spectral contrast and 6 tonnetz (of the harmonic part, via chroma_cqt).
    s.shape = InputShape::Vector;
    s.features = {"mfcc", "chroma_stft", "mel", "contrast", "tonnetz"};
  } else if (name == "mfcc40") {
    s.shape = InputShape::Sequence;
    s.features = {"mfcc"};
    s.pad_short = true;
  } else if (name == "logmel128" || name == "logmel64" || name == "logmel64+egemaps" ||
             name == "logmel64+egemaps-level-lpc") {
    s.shape = InputShape::Sequence;
    s.features = {"logmel"};
    s.n_mels = name == "logmel128" ? 128 : 64;
    s.db_ref_max = true;
    s.pad_short = true;
    // For the fusion network (nn/zoo.h): the window's eGeMAPS functionals below its log-mel frames.
    // "-level-lpc": the functionals of the shipped models' features (the level moves the log-mel
    // rows only through the floors: they are dB against the window's maximum).
    if (name != "logmel128" && name != "logmel64") s.append_vector = {"egemaps"};
    if (name == "logmel64+egemaps-level-lpc") {
      s.level_norm = "active";
      s.egemaps_formants = "lpc";
    }
  } else if (name == "egemaps" || name == "egemaps-level" || name == "egemaps-level-lpc" ||
             name == "egemaps-level-lpc-denoise") {
    // Eyben et al. (2016): the 88 functionals of eGeMAPS v02 over the span (no padding: silence
    // would enter their statistics); "egemaps-level" at one active level (level_norm.h),
    // "egemaps-level-lpc" with the textbook formants too (the shipped models'), and "-denoise"
    // with the span's stationary noise reduced first (spectral_denoise.h).
    s.shape = InputShape::Vector;
    s.features = {"egemaps"};
    const bool lpc = name == "egemaps-level-lpc" || name == "egemaps-level-lpc-denoise";
    if (name != "egemaps") s.level_norm = "active";
    if (lpc) s.egemaps_formants = "lpc";
    if (name == "egemaps-level-lpc-denoise") s.denoise = "spectral";
  } else if (name == "egemaps-lld") {
    s.shape = InputShape::Sequence;
    s.features = {"egemaps_lld"};
    s.pad_short = true;
  } else {
    throw ParameterError("unknown feature preset '" + name + "' (known: " + join(preset_names()) + ")");
  }
  s.validate();
  return s;
}

std::vector<std::string> FeatureSpec::preset_names() {
  return {"issa193", "mfcc40", "logmel128", "logmel64", "egemaps", "egemaps-level", "egemaps-level-lpc",
          "egemaps-level-lpc-denoise", "egemaps-lld", "logmel64+egemaps",
          "logmel64+egemaps-level-lpc"};
}

bool operator==(const FeatureSpec& a, const FeatureSpec& b) { return a.to_json() == b.to_json(); }

}  // namespace ser::features
